import type { Finding, Severity } from '../core/report-types.js';
import type { LinkOccurrence } from '../core/types.js';
import { outcomeKey, outcomeLabel } from './outcome-key.js';

export interface FindingGroup {
  /** Outcome key shared by every finding in the group (`HTTP_404`, `DNS_NOT_FOUND`). */
  key: string;
  label: string;
  /** Internal URLs first (the ones the user can fix), then the most linked, then by URL. */
  findings: Finding[];
}

export interface SeveritySection {
  severity: Severity;
  /** Largest group first: the most widespread problem is usually one fix away from many URLs. */
  groups: FindingGroup[];
  count: number;
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'notice', 'ok'];

export function compareFindings(a: Finding, b: Finding): number {
  if (a.internal !== b.internal) return a.internal ? -1 : 1;
  return totalOccurrences(b) - totalOccurrences(a) || compareText(a.url, b.url);
}

/** Sections in severity order (error, warning, notice, then ok only when asked), empty ones left out. */
export function groupFindings(findings: readonly Finding[], options: { includeOk: boolean }): SeveritySection[] {
  const sections: SeveritySection[] = [];
  for (const severity of SEVERITY_ORDER) {
    if (severity === 'ok' && !options.includeOk) continue;
    const ofSeverity = findings.filter((finding) => finding.severity === severity);
    if (ofSeverity.length === 0) continue;
    sections.push({ severity, groups: groupByOutcome(ofSeverity), count: ofSeverity.length });
  }
  return sections;
}

function groupByOutcome(findings: readonly Finding[]): FindingGroup[] {
  const byKey = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = outcomeKey(finding);
    const members = byKey.get(key);
    if (members === undefined) byKey.set(key, [finding]);
    else members.push(finding);
  }
  const groups: FindingGroup[] = [];
  for (const [key, members] of byKey) {
    const sorted = [...members].sort(compareFindings);
    // sorted[0] exists: a group is only created with a member.
    groups.push({ key, label: outcomeLabel(sorted[0] as Finding), findings: sorted });
  }
  return groups.sort((a, b) => b.findings.length - a.findings.length || compareText(a.key, b.key));
}

/** Page order, then line: a stable order that lets the user walk one page's problems top to bottom. */
export function sortOccurrences(occurrences: readonly LinkOccurrence[]): LinkOccurrence[] {
  return [...occurrences].sort((a, b) => compareText(a.page, b.page) || a.line - b.line);
}

/** The true number of places a URL appears: the engine caps `occurrences` but counts them all. */
export function totalOccurrences(finding: Finding): number {
  return Math.max(finding.occurrenceCount, finding.occurrences.length);
}

// Locale-independent so a report reads the same on every machine and in CI snapshots.
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * The reason and advice when every finding in a group has the same ones, so they can be said once
 * instead of repeated under each of (say) 40 identical robots.txt skips.
 */
export function sharedExplanation(group: FindingGroup): { reason: string; advice: string } | null {
  const [first, ...rest] = group.findings;
  if (first === undefined || rest.length === 0) return null;
  const same = rest.every((finding) => finding.reason === first.reason && finding.advice === first.advice);
  return same ? { reason: first.reason, advice: first.advice } : null;
}
