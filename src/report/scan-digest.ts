import type { LimitName, ScanReport } from '../core/report-types.js';
import { formatCount, formatDuration, formatQuantity, formatRate } from './format-quantity.js';

/** The facts around the findings that text, Markdown and JUnit all print, worded once. */
export interface ScanDigest {
  /** `1,204 pages crawled`, `3,412 URLs checked`, `1 min 12 s`, `47.4 URLs/s`... */
  stats: string[];
  broken: { total: number; internal: number; external: number };
  warnings: number;
  notices: number;
  /** Whole-sentence notes: `Stopped early: --max-pages 100 reached`. */
  limits: string[];
  robots: string[];
  /** Every outcome key with its count, most frequent first. */
  outcomeCounts: Array<{ key: string; count: number }>;
  passed: boolean;
  /** One line without icon: `12 broken links (9 internal, 3 external) on 1,204 pages · 2 warnings`. */
  verdict: string;
}

export function digestScan(report: ScanReport): ScanDigest {
  const { summary, findings } = report;
  const errors = findings.filter((finding) => finding.severity === 'error');
  const internal = errors.filter((finding) => finding.internal).length;
  const broken = { total: errors.length, internal, external: errors.length - internal };
  const warnings = findings.filter((finding) => finding.severity === 'warning').length;
  const notices = findings.filter((finding) => finding.severity === 'notice').length;
  const limits = summary.limitsHit.map((limit) => describeLimit(limit, report.options));

  const stats = [
    formatQuantity(summary.pagesCrawled, 'page crawled', 'pages crawled'),
    formatQuantity(summary.urlsChecked, 'URL checked', 'URLs checked'),
    formatDuration(summary.durationMs),
  ];
  const rate = formatRate(summary.urlsChecked, summary.durationMs);
  if (rate !== null) stats.push(rate);
  if (summary.sitemapUrls > 0) stats.push(formatQuantity(summary.sitemapUrls, 'URL in sitemap', 'URLs in sitemap'));

  const outcomeCounts = Object.entries(summary.byCode)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));

  return {
    stats,
    broken,
    warnings,
    notices,
    limits,
    robots: describeRobots(report),
    outcomeCounts,
    passed: broken.total === 0,
    verdict: verdictLine(broken, warnings, summary.pagesCrawled, limits.length > 0),
  };
}

function verdictLine(
  broken: ScanDigest['broken'],
  warnings: number,
  pages: number,
  stoppedEarly: boolean,
): string {
  const onPages = `on ${formatQuantity(pages, 'page')}`;
  const split = `${formatCount(broken.internal)} internal, ${formatCount(broken.external)} external`;
  const head =
    broken.total === 0
      ? `No broken links found ${onPages}`
      : `${formatQuantity(broken.total, 'broken link')} (${split}) ${onPages}`;
  const tail: string[] = [];
  if (warnings > 0) tail.push(formatQuantity(warnings, 'warning'));
  // A clean verdict from a truncated crawl must not read as "the whole site is fine".
  if (stoppedEarly) tail.push('scan stopped early');
  return [head, ...tail].join(' · ');
}

const LIMIT_FLAGS: Record<Exclude<LimitName, 'aborted'>, string> = {
  maxPages: '--max-pages',
  maxDepth: '--max-depth',
  maxUrls: '--max-urls',
  maxDuration: '--max-duration',
  maxLinksPerPage: '--max-links-per-page',
};

function describeLimit(limit: LimitName, options: Record<string, unknown>): string {
  if (limit === 'aborted') return 'Stopped early: the scan was interrupted';
  const value = limitValue(limit, options);
  const flag = value === null ? LIMIT_FLAGS[limit] : `${LIMIT_FLAGS[limit]} ${value}`;
  switch (limit) {
    case 'maxDepth':
      return `Pages deeper than ${flag} were not crawled`;
    case 'maxLinksPerPage':
      return `Links past ${flag} on a page were not checked`;
    default:
      return `Stopped early: ${flag} reached`;
  }
}

/** Options are free-form in the report; read the limit's value only when it is plainly there. */
function limitValue(limit: LimitName, options: Record<string, unknown>): string | null {
  const value = options[limit];
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  const inMs = options[`${limit}Ms`];
  return typeof inMs === 'number' ? formatDuration(inMs) : null;
}

function describeRobots({ summary }: ScanReport): string[] {
  const { robots } = summary;
  const lines: string[] = [];
  if (!robots.obeyed) lines.push('robots.txt was not obeyed');
  if (robots.crawlDelaySeconds !== null) {
    const waited = formatDuration(robots.appliedDelayMs);
    lines.push(`robots.txt crawl-delay ${formatCount(robots.crawlDelaySeconds)} s: waited ${waited} between requests`);
  }
  if (robots.blockedUrls > 0) {
    lines.push(`${formatQuantity(robots.blockedUrls, 'URL')} skipped: disallowed by robots.txt`);
  }
  return lines;
}
