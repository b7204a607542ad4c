import type { Finding, ScanReport, Severity } from '../core/report-types.js';
import { describeOccurrence } from './describe-occurrence.js';
import { escapeMarkdown, markdownCode, markdownUrl } from './escape-markdown.js';
import { formatCount } from './format-quantity.js';
import {
  groupFindings,
  sharedExplanation,
  sortOccurrences,
  totalOccurrences,
  type FindingGroup,
  type SeveritySection,
} from './group-findings.js';
import { formatRedirectChain } from './redirect-chain.js';
import { DEFAULT_MAX_OCCURRENCES, type RenderOptions } from './render-options.js';
import { digestScan } from './scan-digest.js';
import { outcomeLabel } from './outcome-key.js';
import { describeHistory, describeSuppression, splitSuppressed, suppressedNote } from './suppressed-findings.js';

const SEVERITY_HEADINGS: Record<Severity, string> = {
  error: '✖ Errors',
  warning: '⚠ Warnings',
  notice: 'ℹ Notices',
  ok: '✔ OK',
};

// Folded so a PR comment opens on what needs fixing; GitHub caps a comment at 65,536 characters.
const FOLDED: ReadonlySet<Severity> = new Set<Severity>(['notice', 'ok']);

/** For a GitHub issue or PR comment: verdict first, then one table per outcome. */
export function renderMarkdownReport(report: ScanReport, options: RenderOptions = {}): string {
  const maxShown = options.maxOccurrencesShown ?? DEFAULT_MAX_OCCURRENCES;
  const { visible, suppressed } = splitSuppressed(report);
  const digest = digestScan(visible);
  const blocks: string[] = [
    `## ${digest.passed ? '✔' : '✖'} ${escapeMarkdown(`${report.tool.name}: ${digest.verdict}`)}`,
    `Scanned ${markdownUrl(report.summary.startUrl)} · ${digest.stats.map(escapeMarkdown).join(' · ')}`,
  ];
  if (digest.limits.length > 0) {
    blocks.push(['> [!WARNING]', ...digest.limits.map((limit) => `> ${escapeMarkdown(limit)}`)].join('\n'));
  }

  for (const section of groupFindings(visible.findings, { includeOk: options.showAll === true })) {
    blocks.push(sectionBlock(section, maxShown));
  }
  if (suppressed.length > 0 && options.showSuppressed === true) blocks.push(suppressedBlock(suppressed));

  const footer: string[] = [];
  if (suppressed.length > 0) footer.push(escapeMarkdown(suppressedNote(suppressed.length, options.showSuppressed === true)));
  if (digest.outcomeCounts.length > 0) {
    const counts = digest.outcomeCounts.map(({ key, count }) => `${markdownCode(key)} ${formatCount(count)}`);
    footer.push(`**Outcomes:** ${counts.join(' · ')}`);
  }
  footer.push(...digest.robots.map(escapeMarkdown));
  if (footer.length > 0) blocks.push(footer.join('<br>\n'));
  blocks.push(`<sub>${escapeMarkdown(`${report.tool.name} ${report.tool.version}`)}</sub>`);
  return `${blocks.join('\n\n')}\n`;
}

function sectionBlock(section: SeveritySection, maxShown: number): string {
  const heading = `${SEVERITY_HEADINGS[section.severity]} (${formatCount(section.count)})`;
  const groups = section.groups.map((group) =>
    section.severity === 'ok' ? okGroupBlock(group) : groupBlock(group, maxShown),
  );
  if (!FOLDED.has(section.severity)) return [`### ${heading}`, ...groups].join('\n\n');
  return ['<details>', `<summary><strong>${heading}</strong></summary>`, ...groups, '</details>'].join('\n\n');
}

function groupBlock(group: FindingGroup, maxShown: number): string {
  const shared = sharedExplanation(group);
  const blocks = [`#### ${escapeMarkdown(group.label)} (${formatCount(group.findings.length)})`];
  if (shared !== null) blocks.push(explanation(shared).join('<br>\n'));
  const rows = group.findings.map(
    (finding) => `| ${urlCell(finding)} | ${detailsCell(finding, shared === null)} | ${pagesCell(finding, maxShown)} |`,
  );
  blocks.push(['| URL | Details | Found on |', '| --- | --- | --- |', ...rows].join('\n'));
  return blocks.join('\n\n');
}

function okGroupBlock(group: FindingGroup): string {
  const rows = group.findings.map((finding) => {
    const chain = formatRedirectChain(finding);
    return `| ${markdownUrl(finding.url)} | ${chain === null ? '' : escapeMarkdown(chain)} |`;
  });
  const table = ['| URL | Redirects |', '| --- | --- |', ...rows].join('\n');
  return `#### ${escapeMarkdown(group.label)} (${formatCount(group.findings.length)})\n\n${table}`;
}

function urlCell(finding: Finding): string {
  const meta = [finding.internal ? 'internal' : 'external', finding.kind];
  if (finding.errorDetail !== null && finding.errorDetail !== '') meta.push(finding.errorDetail);
  return `${markdownUrl(finding.url)}<br>${escapeMarkdown(meta.join(' · '))}`;
}

function detailsCell(finding: Finding, explain: boolean): string {
  const parts = explain ? explanation(finding) : [];
  const chain = formatRedirectChain(finding);
  if (chain !== null) parts.push(`Redirects: ${escapeMarkdown(chain)}`);
  if (finding.suggestion !== null) parts.push(`Did you mean ${markdownUrl(finding.suggestion)}?`);
  const history = describeHistory(finding.history);
  if (history !== null) parts.push(`History: ${escapeMarkdown(history)}`);
  return parts.join('<br>');
}

function pagesCell(finding: Finding, maxShown: number): string {
  const shown = sortOccurrences(finding.occurrences).slice(0, Math.max(0, maxShown));
  const parts = shown.map((occurrence) => {
    const where = describeOccurrence(occurrence);
    return `${markdownUrl(occurrence.page)}${where === '' ? '' : ` ${escapeMarkdown(where)}`}`;
  });
  const total = totalOccurrences(finding);
  if (total > shown.length) parts.push(`… and ${formatCount(total - shown.length)} more`);
  return parts.join('<br>');
}

function explanation(source: { reason: string; advice: string }): string[] {
  const parts: string[] = [];
  if (source.reason !== '') parts.push(escapeMarkdown(source.reason));
  if (source.advice !== '') parts.push(`**Fix:** ${escapeMarkdown(source.advice)}`);
  return parts;
}

/** Folded like notices: suppressed findings are decisions already taken, shown only to review them. */
function suppressedBlock(findings: readonly Finding[]): string {
  const rows = findings.map((finding) => {
    const rule = finding.suppressedBy === null ? '' : escapeMarkdown(describeSuppression(finding.suppressedBy));
    return `| ${markdownUrl(finding.url)} | ${escapeMarkdown(outcomeLabel(finding))} | ${rule} |`;
  });
  const table = ['| URL | Outcome | Suppressed by |', '| --- | --- | --- |', ...rows].join('\n');
  const heading = `⊘ Suppressed by your blacklist (${formatCount(findings.length)})`;
  return ['<details>', `<summary><strong>${heading}</strong></summary>`, table, '</details>'].join('\n\n');
}
