import { classifyFinding, type ClassifyContext } from '../classify/classify-finding.js';
import { DidYouMean } from '../classify/did-you-mean.js';
import { compileOverrides } from '../classify/severity-overrides.js';
import { compileUrlPattern } from './url-pattern.js';
import { categorize } from '../classify/categorize.js';
import { outcomeKeyOf } from '../classify/outcome-key.js';
import { SEVERITIES, type Finding, type LimitName, type ScanReport, type Severity } from '../core/report-types.js';
import { TOOL_VERSION } from '../core/tool-info.js';
import type { CheckResult } from '../core/types.js';
import type { FragmentIndex } from './fragment-index.js';
import type { ScanSettings } from './scan-options.js';
import { occurrencesOf, type UrlRecord } from './url-record.js';

export interface ReportInput {
  settings: ScanSettings;
  startKey: string;
  startedAt: number;
  records: ReadonlyMap<string, UrlRecord>;
  fragments: FragmentIndex;
  limitsHit: LimitName[];
  pagesCrawled: number;
  urlsChecked: number;
  sitemapUrls: number;
  robots: ScanReport['summary']['robots'];
  robotsDisallowed: (url: string) => boolean;
}

/** Turns the scan's records into the report: one finding per URL (and per missing fragment). */
export function buildReport(input: ReportInput): ScanReport {
  const findings: Finding[] = [];
  const byCode: Record<string, number> = {};
  const context: ClassifyContext = {
    protectedPaths: input.settings.protectedPaths.map(compileUrlPattern),
    overrides: compileOverrides(input.settings.severityOverrides),
    robotsDisallowed: input.robotsDisallowed,
    suggestions: indexExistingUrls(input.records),
  };
  for (const record of input.records.values()) {
    const result = record.result;
    if (!result) continue;
    if (record.derived && record.occurrenceCount === 0) continue;
    const key = outcomeKeyOf(result.status, result.error);
    byCode[key] = (byCode[key] ?? 0) + 1;
    const category = categorize(result);
    if (category !== 'ok' || input.settings.includeSuccesses) {
      findings.push(classifyFinding(toFinding(record, result, category), context));
    }
    if (record.fragments) {
      for (const [fragment, entry] of record.fragments) {
        if (!entry.missing) continue;
        const fragmentResult: CheckResult = { ...result, error: 'FRAGMENT_NOT_FOUND', errorDetail: `no element with id or name "${fragment}"` };
        byCode.FRAGMENT_NOT_FOUND = (byCode.FRAGMENT_NOT_FOUND ?? 0) + 1;
        const finding = toFinding(record, fragmentResult, 'broken');
        finding.url = `${record.key}#${fragment}`;
        finding.occurrences = entry.occurrences;
        finding.occurrenceCount = entry.count;
        findings.push(classifyFinding(finding, context));
      }
    }
  }
  findings.sort(compareFindings);
  const finishedAt = Date.now();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let broken = 0;
  let redirected = 0;
  let skipped = 0;
  for (const f of findings) {
    bySeverity[f.severity] += 1;
    if (f.category === 'broken') broken += 1;
    else if (f.category === 'redirected') redirected += 1;
    else if (f.category === 'skipped' || f.category === 'blocked') skipped += 1;
  }
  return {
    schemaVersion: 1,
    tool: { name: 'dislike404', version: TOOL_VERSION },
    options: publicOptions(input.settings),
    summary: {
      startUrl: input.startKey,
      startedAt: new Date(input.startedAt).toISOString(),
      finishedAt: new Date(finishedAt).toISOString(),
      durationMs: finishedAt - input.startedAt,
      pagesCrawled: input.pagesCrawled,
      urlsChecked: input.urlsChecked,
      urlsFound: input.records.size,
      findings: findings.length,
      broken,
      redirected,
      skipped,
      suppressed: 0,
      byCode,
      bySeverity,
      limitsHit: input.limitsHit,
      robots: input.robots,
      sitemapUrls: input.sitemapUrls,
    },
    findings,
  };
}

/** What the scan found to exist, for "did you mean" on broken internal links. */
function indexExistingUrls(records: ReadonlyMap<string, UrlRecord>): DidYouMean {
  const index = new DidYouMean();
  for (const record of records.values()) {
    const r = record.result;
    if (!record.internal || !r || r.error !== null || r.status === null || r.status < 200 || r.status >= 300) continue;
    if (r.redirects.length > 0) index.addRedirect(record.key, r.finalUrl);
    else index.addExisting(record.key);
  }
  return index;
}

function toFinding(record: UrlRecord, result: CheckResult, category: Finding['category']): Finding {
  return {
    url: record.display ?? record.key,
    status: result.status,
    error: result.error,
    errorDetail: result.errorDetail,
    severity: 'ok',
    category,
    title: '',
    reason: '',
    advice: '',
    suggestion: null,
    internal: record.internal,
    kind: record.kind,
    finalUrl: result.finalUrl,
    redirects: result.redirects,
    contentType: result.contentType,
    method: result.method,
    durationMs: Math.round(result.durationMs),
    retries: result.retries,
    inSitemap: record.inSitemap,
    occurrences: occurrencesOf(record),
    occurrenceCount: record.occurrenceCount,
    suppressedBy: null,
    history: null,
  };
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2, ok: 3 };

function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    Number(b.internal) - Number(a.internal) ||
    (a.status ?? 0) - (b.status ?? 0) ||
    (a.error ?? '').localeCompare(b.error ?? '') ||
    a.url.localeCompare(b.url)
  );
}

/** The options a report shows: everything but header values, which often carry credentials. */
function publicOptions(settings: ScanSettings): Record<string, unknown> {
  const headers = Object.fromEntries(Object.keys(settings.headers).map((k) => [k, '[redacted]']));
  return { ...settings, headers };
}
