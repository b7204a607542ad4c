import { styleText } from 'node:util';
import type { Finding, ScanReport, Severity } from '../core/report-types.js';
import { describeOccurrence } from './describe-occurrence.js';
import { formatCount } from './format-quantity.js';
import { groupFindings, sharedExplanation, sortOccurrences, totalOccurrences, type FindingGroup } from './group-findings.js';
import { formatRedirectChain } from './redirect-chain.js';
import { DEFAULT_MAX_OCCURRENCES, type RenderOptions } from './render-options.js';
import { digestScan } from './scan-digest.js';
import { toSingleLine } from './single-line.js';
import { displayUrl } from './display-url.js';
import { describeHistory, describeSuppression, splitSuppressed, suppressedNote } from './suppressed-findings.js';
import { outcomeLabel } from './outcome-key.js';

type Style = Parameters<typeof styleText>[0];
type Paint = (style: Style, text: string) => string;

const SEVERITY_HEADINGS: Record<Severity, { icon: string; title: string; style: Style }> = {
  error: { icon: '✖', title: 'Errors', style: ['red', 'bold'] },
  warning: { icon: '⚠', title: 'Warnings', style: ['yellow', 'bold'] },
  notice: { icon: 'ℹ', title: 'Notices', style: ['cyan', 'bold'] },
  ok: { icon: '✔', title: 'OK', style: ['green', 'bold'] },
};

/** The summary printed at the end of a CLI scan: everything needed to act, nothing to open. */
export function renderTextReport(report: ScanReport, options: RenderOptions = {}): string {
  // The caller decides about colour (TTY, NO_COLOR, --color); styleText must not second-guess it.
  const paint: Paint =
    options.color === true
      ? (style, text) => styleText(style, text, { validateStream: false })
      : (_style, text) => text;
  const maxShown = options.maxOccurrencesShown ?? DEFAULT_MAX_OCCURRENCES;
  const { visible, suppressed } = splitSuppressed(report);
  const digest = digestScan(visible);
  const { summary, tool } = report;
  const lines: string[] = [
    `${paint('bold', tool.name)} ${tool.version} · ${paint('bold', toSingleLine(summary.startUrl))}`,
    paint('dim', digest.stats.join(' · ')),
  ];

  for (const section of groupFindings(visible.findings, { includeOk: options.showAll === true })) {
    const heading = SEVERITY_HEADINGS[section.severity];
    lines.push('', paint(heading.style, `${heading.icon} ${heading.title} (${formatCount(section.count)})`));
    for (const group of section.groups) {
      lines.push('', ...(section.severity === 'ok' ? okGroupLines(group, paint) : groupLines(group, maxShown, paint)));
    }
  }
  if (suppressed.length > 0 && options.showSuppressed === true) lines.push('', ...suppressedLines(suppressed, paint));

  const footer: string[] = [];
  if (suppressed.length > 0) footer.push(suppressedNote(suppressed.length, options.showSuppressed === true));
  if (digest.outcomeCounts.length > 0) {
    footer.push(`Outcomes: ${digest.outcomeCounts.map(({ key, count }) => `${key} ${formatCount(count)}`).join(' · ')}`);
  }
  for (const limit of digest.limits) footer.push(paint('yellow', limit));
  footer.push(...digest.robots);
  if (footer.length > 0) lines.push('', ...footer);

  const verdictStyle: Style = digest.passed ? ['green', 'bold'] : ['red', 'bold'];
  lines.push('', paint(verdictStyle, `${digest.passed ? '✔' : '✖'} ${digest.verdict}`));
  return `${lines.join('\n')}\n`;
}

function groupLines(group: FindingGroup, maxShown: number, paint: Paint): string[] {
  const lines = [`  ${paint('bold', toSingleLine(group.label))} ${paint('dim', `(${formatCount(group.findings.length)})`)}`];
  const shared = sharedExplanation(group);
  if (shared !== null) lines.push(...explanationLines(shared, '    ', paint));
  for (const finding of group.findings) lines.push(...findingLines(finding, shared === null, maxShown, paint));
  return lines;
}

function findingLines(finding: Finding, explain: boolean, maxShown: number, paint: Paint): string[] {
  const meta = [finding.internal ? 'internal' : 'external', finding.kind];
  const total = totalOccurrences(finding);
  if (total > 1) meta.push(`linked ${formatCount(total)}×`);
  if (finding.errorDetail !== null && finding.errorDetail !== '') meta.push(toSingleLine(finding.errorDetail));
  const lines = [`    ${paint('bold', toSingleLine(displayUrl(finding)))}  ${paint('dim', meta.join(' · '))}`];
  if (explain) lines.push(...explanationLines(finding, '      ', paint));
  const chain = formatRedirectChain(finding);
  if (chain !== null) lines.push(`      redirects: ${toSingleLine(chain)}`);
  if (finding.suggestion !== null) lines.push(`      ${paint('green', `did you mean ${toSingleLine(finding.suggestion)}`)}`);
  const history = describeHistory(finding.history);
  if (history !== null) lines.push(paint('dim', `      history: ${history}`));

  const shown = sortOccurrences(finding.occurrences).slice(0, Math.max(0, maxShown));
  for (const occurrence of shown) {
    const where = toSingleLine(describeOccurrence(occurrence));
    lines.push(paint('dim', `      on ${toSingleLine(occurrence.page)}${where === '' ? '' : ` (${where})`}`));
  }
  if (total > shown.length) lines.push(paint('dim', `      … and ${formatCount(total - shown.length)} more`));
  return lines;
}

function explanationLines(source: { reason: string; advice: string }, indent: string, paint: Paint): string[] {
  const lines: string[] = [];
  if (source.reason !== '') lines.push(`${indent}${toSingleLine(source.reason)}`);
  if (source.advice !== '') lines.push(`${indent}${paint('cyan', `→ ${toSingleLine(source.advice)}`)}`);
  return lines;
}

/** Successes only matter as a list to tick off; their explanations would bury the problems. */
function okGroupLines(group: FindingGroup, paint: Paint): string[] {
  const lines = [`  ${paint('bold', toSingleLine(group.label))} ${paint('dim', `(${formatCount(group.findings.length)})`)}`];
  for (const finding of group.findings) {
    const chain = formatRedirectChain(finding);
    lines.push(`    ${toSingleLine(displayUrl(finding))}${chain === null ? '' : paint('dim', `  ${toSingleLine(chain)}`)}`);
  }
  return lines;
}

/** Listed only on request, each with the rule that hid it, so a too-broad rule can be spotted. */
function suppressedLines(findings: readonly Finding[], paint: Paint): string[] {
  const lines = [paint('bold', `⊘ Suppressed by your blacklist (${formatCount(findings.length)})`)];
  for (const finding of findings) {
    lines.push('', `    ${paint('bold', toSingleLine(displayUrl(finding)))}  ${paint('dim', toSingleLine(outcomeLabel(finding)))}`);
    if (finding.suppressedBy !== null) lines.push(paint('dim', `      by ${toSingleLine(describeSuppression(finding.suppressedBy))}`));
  }
  return lines;
}
