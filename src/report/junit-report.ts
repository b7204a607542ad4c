import type { Finding, ScanReport, Severity } from '../core/report-types.js';
import { describeOccurrence } from './describe-occurrence.js';
import { displayUrl } from './display-url.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './escape-xml.js';
import { groupFindings, sortOccurrences, totalOccurrences } from './group-findings.js';
import { outcomeLabel, outcomeKey } from './outcome-key.js';
import { formatRedirectChain } from './redirect-chain.js';
import { digestScan } from './scan-digest.js';
import { describeSuppression, splitSuppressed } from './suppressed-findings.js';

const SUITE_NAMES: Record<Severity, string> = {
  error: 'Errors',
  warning: 'Warnings',
  notice: 'Notices',
  ok: 'OK',
};

interface TestCase {
  xml: string;
  failed: boolean;
  skipped: boolean;
  seconds: number;
}

/**
 * JUnit XML for CI dashboards: one suite per severity so failures sit together, one test case per
 * URL (class name = outcome key, so CI groups them by problem), failures only for `error`.
 * A summary suite is always present: CI systems treat a report without test cases as broken.
 */
export function renderJunitReport(report: ScanReport): string {
  const startedAt = report.summary.startedAt;
  const sections = groupFindings(report.findings, { includeOk: true }).map((section) => ({
    name: `${report.tool.name} ${SUITE_NAMES[section.severity]}`,
    cases: section.groups.flatMap((group) => group.findings.map(testCase)),
  }));
  sections.push({ name: `${report.tool.name} scan`, cases: [summaryCase(splitSuppressed(report).visible)] });

  const all = sections.flatMap((section) => section.cases);
  const failures = all.filter((test) => test.failed).length;
  const skipped = all.filter((test) => test.skipped).length;
  const header =
    `<testsuites name="${attr(`${report.tool.name} ${report.summary.startUrl}`)}" tests="${all.length}"` +
    ` failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(report.summary.durationMs)}">`;
  const suites = sections.map((section) => suite(section.name, section.cases, startedAt));
  return ['<?xml version="1.0" encoding="UTF-8"?>', header, ...suites, '</testsuites>', ''].join('\n');
}

function suite(name: string, cases: TestCase[], timestamp: string): string {
  const failures = cases.filter((test) => test.failed).length;
  const skipped = cases.filter((test) => test.skipped).length;
  const time = cases.reduce((sum, test) => sum + test.seconds, 0);
  return [
    `  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${failures}" errors="0"` +
      ` skipped="${skipped}" time="${time.toFixed(3)}" timestamp="${attr(timestamp)}">`,
    ...cases.map((test) => test.xml),
    '  </testsuite>',
  ].join('\n');
}

function testCase(finding: Finding): TestCase {
  // A blacklisted URL is a decision already taken: CI must not fail on it, but can still list it.
  const suppressedBy = finding.suppressedBy;
  const failed = suppressedBy === null && finding.severity === 'error';
  const skipped = !failed && (suppressedBy !== null || isSkipped(finding));
  const key = outcomeKey(finding);
  const message =
    suppressedBy === null
      ? [outcomeLabel(finding), finding.reason].filter((part) => part !== '').join(': ')
      : `Suppressed by your blacklist: ${describeSuppression(suppressedBy)}`;
  const children: string[] = [];
  if (failed) {
    children.push(`      <failure message="${attr(message)}" type="${attr(key)}">${text(failureBody(finding))}</failure>`);
  } else if (skipped) {
    children.push(`      <skipped message="${attr(message)}"/>`);
  }
  // Passing and skipped cases have no failure body; their explanation goes with the page list.
  const out = [...(failed ? [] : detailLines(finding)), ...pageLines(finding)];
  if (out.length > 0) children.push(`      <system-out>${text(out.join('\n'))}</system-out>`);

  const open = `    <testcase name="${attr(displayUrl(finding))}" classname="${attr(key)}" time="${seconds(finding.durationMs)}"`;
  const xml = children.length === 0 ? `${open}/>` : [`${open}>`, ...children, '    </testcase>'].join('\n');
  return { xml, failed, skipped, seconds: Math.max(0, finding.durationMs) / 1000 };
}

function failureBody(finding: Finding): string {
  const lines = detailLines(finding);
  // Annotation-style CI reporters show only the failure body; give them the first place to fix.
  const first = sortOccurrences(finding.occurrences)[0];
  if (first !== undefined) lines.push(`First found on: ${first.page} (${describeOccurrence(first)})`);
  return lines.join('\n');
}

function detailLines(finding: Finding): string[] {
  if (finding.severity === 'ok') return [];
  const lines = [`${outcomeLabel(finding)}: ${displayUrl(finding)}`];
  if (finding.reason !== '') lines.push(finding.reason);
  if (finding.advice !== '') lines.push(`Fix: ${finding.advice}`);
  if (finding.errorDetail !== null && finding.errorDetail !== '') lines.push(`Detail: ${finding.errorDetail}`);
  const chain = formatRedirectChain(finding);
  if (chain !== null) lines.push(`Redirects: ${chain}`);
  if (finding.suggestion !== null) lines.push(`Did you mean: ${finding.suggestion}`);
  return lines;
}

function pageLines(finding: Finding): string[] {
  const lines = sortOccurrences(finding.occurrences).map((occurrence) => {
    const where = describeOccurrence(occurrence);
    return `on ${occurrence.page}${where === '' ? '' : ` (${where})`}`;
  });
  const unlisted = totalOccurrences(finding) - finding.occurrences.length;
  if (unlisted > 0) lines.push(`… and ${unlisted} more`);
  return lines;
}

function summaryCase(report: ScanReport): TestCase {
  const digest = digestScan(report);
  const out = [digest.stats.join(' · '), ...digest.limits, ...digest.robots, digest.verdict].join('\n');
  const name = `crawl ${report.summary.startUrl}`;
  const xml = [
    `    <testcase name="${attr(name)}" classname="scan" time="${seconds(report.summary.durationMs)}">`,
    `      <system-out>${text(out)}</system-out>`,
    '    </testcase>',
  ].join('\n');
  return { xml, failed: false, skipped: false, seconds: Math.max(0, report.summary.durationMs) / 1000 };
}

function isSkipped(finding: Finding): boolean {
  return finding.category === 'skipped';
}

function seconds(durationMs: number): string {
  return (Math.max(0, durationMs) / 1000).toFixed(3);
}
