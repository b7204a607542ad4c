import type { Finding, FindingHistory, FindingSuppression, ScanReport } from '../core/report-types.js';
import { formatQuantity } from './format-quantity.js';

export interface SuppressedSplit {
  /** The report without suppressed findings: what verdicts, counts and lists are built from. */
  visible: ScanReport;
  suppressed: Finding[];
}

/** Blacklisted findings leave the lists and the verdict; the summary already excludes them. */
export function splitSuppressed(report: ScanReport): SuppressedSplit {
  const suppressed = report.findings.filter((f) => f.suppressedBy !== null);
  if (suppressed.length === 0) return { visible: report, suppressed };
  return { visible: { ...report, findings: report.findings.filter((f) => f.suppressedBy === null) }, suppressed };
}

/** `3 findings suppressed by your blacklist (use --show-suppressed)`. */
export function suppressedNote(count: number, shown: boolean): string {
  const head = `${formatQuantity(count, 'finding')} suppressed by your blacklist`;
  return shown ? head : `${head} (use --show-suppressed)`;
}

/** `prefix rule "https://x.test/old/" (1a2b3c4d): moved to the new shop`. */
export function describeSuppression(rule: FindingSuppression): string {
  const note = rule.note.trim() === '' ? '' : `: ${rule.note.trim()}`;
  return `${rule.kind} rule ${JSON.stringify(rule.pattern)} (${rule.ruleId.slice(0, 8)})${note}`;
}

/** One short phrase about the URL's past, or null when the scan had no history for it. */
export function describeHistory(history: FindingHistory | null): string | null {
  if (history === null) return null;
  const { failingScans, scansSeen, firstSeen } = history;
  if (failingScans === 0) return `not failing; seen in ${formatQuantity(scansSeen, 'scan')}`;
  if (failingScans === 1) return `new: worked in the previous scan (seen in ${formatQuantity(scansSeen, 'scan')})`;
  const since = firstSeen === null ? '' : `, since ${firstSeen.slice(0, 10)}`;
  return `failing in the last ${failingScans} scans${since}`;
}
