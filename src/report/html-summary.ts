import type { FindingCategory, ScanReport, Severity } from '../core/report-types.js';
import { formatCount, formatDuration } from './format-quantity.js';
import { renderBarChart, type ChartBar } from './html-charts.js';
import type { HtmlReportData } from './html-data.js';
import { escapeHtmlAttribute, escapeHtmlText, safeHttpHref } from './html-escape.js';
import type { ScanDigest } from './scan-digest.js';
import { toSingleLine } from './single-line.js';

export const SEVERITY_NAMES: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', notice: 'Notices', ok: 'OK' };
const SEVERITY_ICONS: Record<Severity, string> = { error: '✖', warning: '⚠', notice: 'ℹ', ok: '✔' };
const CATEGORY_NAMES: Record<Exclude<FindingCategory, 'ok'>, string> = {
  broken: 'Broken',
  redirected: 'Redirected',
  skipped: 'Skipped',
  blocked: 'Blocked',
};
const MAX_OUTCOME_BARS = 12;

// Fixed locale and zone: the same report file must read the same for everyone it is mailed to.
const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** Header, verdict, numbers and charts: everything above the findings list, readable without script. */
export function renderSummary(report: ScanReport, data: HtmlReportData, digest: ScanDigest, extraNotes: readonly string[] = []): string {
  const { summary, tool } = report;
  const start = toSingleLine(summary.startUrl);
  const startHref = safeHttpHref(summary.startUrl);
  const startMarkup =
    startHref === null
      ? escapeHtmlText(start)
      : `<a href="${escapeHtmlAttribute(startHref)}" rel="noopener noreferrer">${escapeHtmlText(start)}</a>`;
  const verdictTone = digest.passed ? (digest.limits.length > 0 ? 'warning' : 'ok') : 'error';
  return [
    '<header class="masthead">',
    `<p class="brand">${escapeHtmlText(tool.name)} <span>${escapeHtmlText(tool.version)}</span> · link check report</p>`,
    `<h1>${startMarkup}</h1>`,
    `<p class="when">Scanned ${formatDate(summary.startedAt)} · took ${escapeHtmlText(formatDuration(summary.durationMs))}</p>`,
    '</header>',
    `<p class="verdict tone-${verdictTone}" id="verdict">${digest.passed ? '✔' : '✖'} ${escapeHtmlText(digest.verdict)}</p>`,
    '<section class="summary" aria-labelledby="summary-heading">',
    '<h2 id="summary-heading">Summary</h2>',
    renderStats(report),
    renderSeverityCards(report),
    renderCategories(report),
    renderNotes(digest, extraNotes),
    '</section>',
    '<section class="charts" aria-label="Charts">',
    renderBarChart({
      id: 'chart-outcomes',
      title: 'Problems by outcome',
      bars: outcomeBars(data),
      emptyText: 'No problems found',
    }),
    renderBarChart({
      id: 'chart-severity',
      title: 'Checked URLs by severity',
      bars: (['error', 'warning', 'notice', 'ok'] as const).map((severity) => ({
        label: SEVERITY_NAMES[severity],
        value: summary.bySeverity[severity],
        tone: severity,
      })),
      emptyText: 'No URLs were checked',
    }),
    '</section>',
  ].join('\n');
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return escapeHtmlText(toSingleLine(iso));
  return `<time datetime="${escapeHtmlAttribute(date.toISOString())}">${escapeHtmlText(DATE_FORMAT.format(date))} UTC</time>`;
}

function renderStats({ summary }: ScanReport): string {
  const stats: Array<[string, string]> = [
    ['Pages crawled', formatCount(summary.pagesCrawled)],
    ['URLs checked', formatCount(summary.urlsChecked)],
    ['URLs found', formatCount(summary.urlsFound)],
    ['Duration', formatDuration(summary.durationMs)],
  ];
  if (summary.sitemapUrls > 0) stats.push(['URLs in sitemap', formatCount(summary.sitemapUrls)]);
  const items = stats.map(
    ([name, value]) => `<div><dt>${escapeHtmlText(name)}</dt><dd>${escapeHtmlText(value)}</dd></div>`,
  );
  return `<dl class="stats" id="stats">${items.join('')}</dl>`;
}

function renderSeverityCards({ summary }: ScanReport): string {
  const cards = (['error', 'warning', 'notice', 'ok'] as const).map(
    (severity) =>
      `<li class="card tone-${severity}" data-severity="${severity}"><span class="card-icon" aria-hidden="true">${SEVERITY_ICONS[severity]}</span>` +
      `<span class="card-count">${formatCount(summary.bySeverity[severity])}</span> <span class="card-name">${SEVERITY_NAMES[severity]}</span></li>`,
  );
  return `<ul class="cards" id="severity-counts" aria-label="Checked URLs by severity">${cards.join('')}</ul>`;
}

function renderCategories({ findings }: ScanReport): string {
  const counts = new Map<FindingCategory, number>();
  for (const finding of findings) counts.set(finding.category, (counts.get(finding.category) ?? 0) + 1);
  const parts = (Object.keys(CATEGORY_NAMES) as Array<keyof typeof CATEGORY_NAMES>).map(
    (category) => `<span>${CATEGORY_NAMES[category]} <strong>${formatCount(counts.get(category) ?? 0)}</strong></span>`,
  );
  return `<p class="categories" id="category-counts"><span class="label">Findings by category:</span> ${parts.join(' ')}</p>`;
}

function renderNotes(digest: ScanDigest, extraNotes: readonly string[]): string {
  const notes = [
    ...digest.limits.map((limit) => `<li class="note tone-warning">${escapeHtmlText(limit)}</li>`),
    ...digest.robots.map((line) => `<li class="note">${escapeHtmlText(line)}</li>`),
    ...extraNotes.map((line) => `<li class="note">${escapeHtmlText(line)}</li>`),
  ];
  return notes.length === 0 ? '' : `<ul class="notes" id="scan-notes">${notes.join('')}</ul>`;
}

/** Problems only: on a healthy site a 3,000-strong "200 OK" bar would flatten everything else. */
function outcomeBars(data: HtmlReportData): ChartBar[] {
  const byKey = new Map<string, ChartBar>();
  for (const finding of data.findings) {
    if (finding.severity === 'ok') continue;
    const group = data.groups[finding.group];
    if (group === undefined) continue;
    const bar = byKey.get(group.key);
    // Groups arrive most severe first, so the first one seen sets the bar's colour.
    if (bar === undefined) byKey.set(group.key, { label: group.label, value: 1, tone: group.severity, outcome: group.key });
    else bar.value += 1;
  }
  const bars = [...byKey.values()].sort((a, b) => b.value - a.value);
  if (bars.length <= MAX_OUTCOME_BARS) return bars;
  const shown = bars.slice(0, MAX_OUTCOME_BARS - 1);
  const rest = bars.slice(MAX_OUTCOME_BARS - 1).reduce((sum, bar) => sum + bar.value, 0);
  return [...shown, { label: `${formatCount(bars.length - shown.length)} other outcomes`, value: rest, tone: 'neutral' }];
}
