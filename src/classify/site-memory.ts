import { SEVERITIES, type Finding, type FindingHistory, type ScanReport, type ScanSummary, type Severity } from '../core/report-types.js';
import { compileBlacklist } from '../store/blacklist-matcher.js';
import type { BlacklistRule } from '../store/blacklist-rule.js';
import type { UrlHistoryEntry } from '../store/store.js';

/** What the store remembers about a site that changes how one scan of it is judged. */
export interface SiteMemory {
  rules: readonly BlacklistRule[];
  /**
   * Per finding URL, its outcome in the site's previous scans, newest first (`Store.urlHistory`).
   * The scan being judged must not be in it: it is the report itself and counts as one scan.
   */
  history: ReadonlyMap<string, readonly UrlHistoryEntry[]>;
  /** Consecutive failing scans (this one included) before a flaky external failure is an error. */
  failureThreshold: number;
}

export const DEFAULT_FAILURE_THRESHOLD = 2;
/** How many previous scans callers should load as history: enough to call a link flaky. */
export const HISTORY_WINDOW = 10;

/**
 * Applies a site's blacklist and history to a freshly classified report: blacklisted findings are
 * marked suppressed and drop out of every summary count, and external failures that are often
 * temporary (5xx, timeouts, refused or reset connections) become errors only once they have
 * failed `failureThreshold` scans in a row. Pure: returns a new report, idempotent.
 */
export function applySiteMemory(report: ScanReport, memory: SiteMemory): ScanReport {
  const matcher = compileBlacklist(memory.rules);
  const threshold = Math.max(1, Math.floor(memory.failureThreshold));
  const findings = report.findings.map((original) => {
    const finding: Finding = { ...original, history: summarizeHistory(original, memory.history.get(original.url), report.summary.startedAt) };
    const rule = finding.severity === 'ok' ? null : matcher.match(finding);
    finding.suppressedBy = rule === null ? null : { ruleId: rule.id, kind: rule.kind, pattern: rule.pattern, note: rule.note };
    return judgeFlakiness(finding, memory.history.get(original.url) ?? [], threshold);
  });
  return { ...report, summary: recount(report.summary, findings), findings };
}

/** True for a finding a blacklist rule covers: kept in the data, left out of counts and verdicts. */
export function isSuppressed(finding: Finding): boolean {
  return finding.suppressedBy !== null;
}

const TRANSIENT_ERRORS: ReadonlySet<string> = new Set(['TIMEOUT', 'DNS_TIMEOUT', 'CONNECTION_REFUSED', 'CONNECTION_RESET', 'CONNECTION_FAILED']);

/** The external outcomes the classifier calls "often temporary" and leaves at warning. */
export function isTransientExternalFailure(finding: Pick<Finding, 'internal' | 'status' | 'error' | 'category'>): boolean {
  if (finding.internal || finding.category !== 'broken') return false;
  if (finding.error !== null) return TRANSIENT_ERRORS.has(finding.error);
  return finding.status !== null && finding.status >= 500 && finding.status <= 599;
}

function summarizeHistory(finding: Finding, previous: readonly UrlHistoryEntry[] | undefined, thisScanStart: string): FindingHistory | null {
  // Scans that did not check the URL (a limit, a removed link) say nothing either way.
  const seen = (previous ?? []).filter((entry) => entry.outcome !== 'absent');
  if (seen.length === 0) return null;
  if (finding.category !== 'broken') return { failingScans: 0, scansSeen: seen.length + 1, firstSeen: null };
  let failingScans = 1;
  let firstSeen = thisScanStart;
  for (const entry of seen) {
    if (entry.outcome !== 'failing') break;
    failingScans += 1;
    firstSeen = entry.startedAt;
  }
  return { failingScans, scansSeen: seen.length + 1, firstSeen };
}

function judgeFlakiness(finding: Finding, previous: readonly UrlHistoryEntry[], threshold: number): Finding {
  // An error or notice here was set by the user's severity override, which wins over history.
  if (finding.severity !== 'warning' || !isTransientExternalFailure(finding)) return finding;
  const streak = finding.history?.failingScans ?? 1;
  const scans = finding.history?.scansSeen ?? 1;
  const failures = 1 + previous.filter((entry) => entry.outcome === 'failing').length;
  if (streak >= threshold) {
    return { ...finding, severity: 'error', reason: `Failing in the last ${streak} scans: the other site has not recovered, so the link is treated as broken.` };
  }
  const escalation = `an error once it fails ${threshold} scans in a row`;
  let reason: string;
  if (scans === 1) reason = `Failed in the first scan that checked it; often temporary, so ${escalation}.`;
  else if (failures === 1) reason = `Failed once in the last ${scans} scans (flaky); ${escalation}.`;
  else if (failures === streak) reason = `Failing in the last ${streak} scans; ${escalation}.`;
  else reason = `Failed ${failures} times in the last ${scans} scans (flaky); ${escalation}.`;
  return { ...finding, reason };
}

/** Counts over the findings still reported, so a blacklisted URL cannot fail a verdict or a CI run. */
function recount(summary: ScanSummary, findings: readonly Finding[]): ScanSummary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let reported = 0;
  let suppressed = 0;
  let broken = 0;
  let redirected = 0;
  let skipped = 0;
  for (const f of findings) {
    if (isSuppressed(f)) {
      suppressed += 1;
      continue;
    }
    reported += 1;
    bySeverity[f.severity] += 1;
    if (f.category === 'broken') broken += 1;
    else if (f.category === 'redirected') redirected += 1;
    else if (f.category === 'skipped' || f.category === 'blocked') skipped += 1;
  }
  return { ...summary, findings: reported, broken, redirected, skipped, suppressed, bySeverity };
}
