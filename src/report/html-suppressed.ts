import type { Finding } from '../core/report-types.js';
import { formatCount } from './format-quantity.js';
import { escapeHtmlAttribute, escapeHtmlText, safeHttpHref } from './html-escape.js';
import { outcomeLabel } from './outcome-key.js';
import { toSingleLine } from './single-line.js';
import { describeSuppression } from './suppressed-findings.js';

/**
 * Suppressed findings as a plain server-rendered table after the findings list: they are
 * reviewed rarely, so they stay out of the filtered list and its counts.
 */
export function renderSuppressedSection(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  const rows = findings.map((finding) => {
    const url = toSingleLine(finding.url);
    const href = safeHttpHref(finding.url);
    const link = href === null ? escapeHtmlText(url) : `<a href="${escapeHtmlAttribute(href)}" rel="noopener noreferrer">${escapeHtmlText(url)}</a>`;
    const rule = finding.suppressedBy === null ? '' : escapeHtmlText(toSingleLine(describeSuppression(finding.suppressedBy)));
    return `<tr><td>${link}</td><td>${escapeHtmlText(toSingleLine(outcomeLabel(finding)))}</td><td>${rule}</td></tr>`;
  });
  return [
    '<section class="suppressed" id="suppressed" aria-labelledby="suppressed-heading">',
    `<h2 id="suppressed-heading">Suppressed by your blacklist (${formatCount(findings.length)})</h2>`,
    '<table><thead><tr><th>URL</th><th>Outcome</th><th>Suppressed by</th></tr></thead>',
    `<tbody>${rows.join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}
