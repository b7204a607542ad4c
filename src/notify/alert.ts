import { SEVERITIES, type Finding, type ScanReport, type Severity } from '../core/report-types.js';
import { diffScans } from '../store/diff-scans.js';
import type { AlertPreferences } from './alert-channel.js';

/** One problem as an alert shows it: what is broken and the first page that links to it. */
export interface AlertProblem {
  url: string;
  severity: Severity;
  title: string;
  status: number | null;
  error: string | null;
  /** The page where the link was found; null for the start URL or sitemap-only URLs. */
  page: string | null;
  pageCount: number;
}

export interface Alert {
  /** `problems`: something new broke or was fixed; `summary`: an every-scan report; `test`: `alerts test`. */
  type: 'problems' | 'summary' | 'test';
  site: { id: string; url: string; name: string };
  scan: { id: string; startedAt: string };
  counts: { pagesCrawled: number; urlsChecked: number; broken: number; errors: number; warnings: number; newProblems: number; fixed: number };
  /** New problems, most severe first, in report order within a severity. */
  newProblems: AlertProblem[];
  fixed: AlertProblem[];
  /** `${baseUrl}/scan-details/{site}/{scan}` when a base URL is configured. */
  reportUrl: string | null;
}

export interface AlertInput {
  site: { id: string; url: string; name: string };
  scanId: string;
  /** The scan just finished, already judged by `applySiteMemory`. */
  current: ScanReport;
  /** The site's previous finished scan, judged the same way; null for the first one. */
  previous: ScanReport | null;
  reportBaseUrl: string | null;
}

const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);

/**
 * What one channel should be told about a scan, or null when it should hear nothing. A problem is
 * new when it is at or above the channel's severity now and was not in the previous scan;
 * blacklisted findings never count, and flaky external links count only once `applySiteMemory`
 * has raised them to errors after their consecutive failures.
 */
export function buildAlert(input: AlertInput, preferences: AlertPreferences): Alert | null {
  const counts = (f: Finding): boolean => f.suppressedBy === null && f.category === 'broken' && rank(f.severity) <= rank(preferences.minSeverity);
  const changes = diffScans(
    { startedAt: input.previous?.summary.startedAt ?? '', findings: input.previous?.findings ?? [] },
    { startedAt: input.current.summary.startedAt, findings: input.current.findings },
    { isBroken: counts },
  );
  const newProblems = changes.filter((c) => c.change === 'new' && c.current !== null).map((c) => toProblem(c.current as Finding));
  newProblems.sort((a, b) => rank(a.severity) - rank(b.severity));
  // A "fixed" link must really work now, not merely have dropped below the severity or been blacklisted.
  const stillReported = new Set(input.current.findings.filter((f) => f.category === 'broken').map((f) => f.url));
  const fixed = changes.filter((c) => c.change === 'fixed' && c.previous !== null && !stillReported.has(c.url)).map((c) => toProblem(c.previous as Finding));
  const news = newProblems.length > 0 || (preferences.includeFixed && fixed.length > 0);
  if (!news && !preferences.everyScan) return null;
  return assemble(input, news ? 'problems' : 'summary', newProblems, preferences.includeFixed ? fixed : []);
}

/** A harmless alert for `alerts test`: shows the channel works without waiting for breakage. */
export function testAlert(site: Alert['site'], now: Date, reportBaseUrl: string | null): Alert {
  return {
    type: 'test',
    site,
    scan: { id: 'test', startedAt: now.toISOString() },
    counts: { pagesCrawled: 0, urlsChecked: 0, broken: 0, errors: 0, warnings: 0, newProblems: 0, fixed: 0 },
    newProblems: [],
    fixed: [],
    reportUrl: reportBaseUrl === null ? null : joinUrl(reportBaseUrl, `/scan-details/${encodeURIComponent(site.id)}`),
  };
}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

function assemble(input: AlertInput, type: Alert['type'], newProblems: AlertProblem[], fixed: AlertProblem[]): Alert {
  const s = input.current.summary;
  return {
    type,
    site: input.site,
    scan: { id: input.scanId, startedAt: s.startedAt },
    counts: {
      pagesCrawled: s.pagesCrawled,
      urlsChecked: s.urlsChecked,
      broken: s.broken,
      errors: s.bySeverity.error,
      warnings: s.bySeverity.warning,
      newProblems: newProblems.length,
      fixed: fixed.length,
    },
    newProblems,
    fixed,
    reportUrl:
      input.reportBaseUrl === null ? null : joinUrl(input.reportBaseUrl, `/scan-details/${encodeURIComponent(input.site.id)}/${encodeURIComponent(input.scanId)}`),
  };
}

function toProblem(f: Finding): AlertProblem {
  return {
    url: f.url,
    severity: f.severity,
    title: f.title,
    status: f.status,
    error: f.error,
    page: f.occurrences[0]?.page ?? null,
    pageCount: new Set(f.occurrences.map((o) => o.page)).size,
  };
}
