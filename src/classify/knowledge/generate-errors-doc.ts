import { SKIP_CODES, isErrorCode } from '../../core/error-codes.js';
import { entryLabel } from './entry-label.js';
import { lookupKnowledge } from './knowledge-base.js';
import type { KnowledgeEntry } from './knowledge-entry.js';
import { ENGINE_OUTCOME_GROUPS, HTTP_STATUS_GROUPS } from './knowledge-groups.js';

export const ERRORS_DOC_UPDATE_COMMAND = 'UPDATE_DOCS=1 npx vitest run src/classify/knowledge/generate-errors-doc.test.ts';

/**
 * docs/errors.md, rendered from the knowledge base so the reference page and `dislike404 explain`
 * can never disagree. A test fails when the committed file drifts from this output.
 */
export function renderErrorsDoc(): string {
  const sections: string[] = [
    '# Outcome codes',
    `<!-- Generated from src/classify/knowledge. Edit the entries there, then run: ${ERRORS_DOC_UPDATE_COMMAND} -->`,
    'Every finding in a dislike404 report ends in an HTTP status, one of the outcome codes on this page, or both. ' +
      'In the JSON report the code is the `error` field, and `summary.byCode` counts findings by key (`DNS_NOT_FOUND`, `HTTP_404`). ' +
      'When a finding has a code, the code is what counts: a soft 404 arrives with status 200.',
    'Each code has a default severity for **internal** links (on the site you scan) and **external** links (to other sites). ' +
      'The classifier can then adjust it with context, such as whether the URL is in your sitemap or navigation, or sits under a path meant to be private. ' +
      'Run `dislike404 explain <code>` for the same information in the terminal, for example `dislike404 explain DNS_NOT_FOUND` or `dislike404 explain 401`.',
    '## Contents',
    ENGINE_OUTCOME_GROUPS.map((group) => `- ${group.title}: ${group.entries.map((e) => `[${e.key}](#${e.key.toLowerCase()})`).join(', ')}`)
      .concat('- [HTTP statuses](#http-statuses)')
      .join('\n'),
    ...ENGINE_OUTCOME_GROUPS.flatMap((group) => [`## ${group.title}`, ...group.entries.map(renderCode)]),
    '## HTTP statuses',
    'The statuses a server can answer with, including common non-standard ones. `dislike404 explain <status>` gives the full entry for each.',
    ...HTTP_STATUS_GROUPS.flatMap((group) => [`### ${group.title}`, renderStatusTable(group.entries)]),
  ];
  return `${sections.join('\n\n')}\n`;
}

function renderCode(entry: KnowledgeEntry): string {
  const parts = [
    `### ${entry.key}`,
    `**${entry.title}.** ${entry.summary}`,
    entry.explanation,
    `**Default severity:** \`${entry.severity.internal}\` for internal links, \`${entry.severity.external}\` for external links. ${entry.severityNote}`,
  ];
  if (isErrorCode(entry.key) && SKIP_CODES.has(entry.key)) {
    parts.push('Reported as skipped: never counted as a broken link.');
  }
  parts.push(
    `**Usual causes**\n\n${entry.causes.map((cause) => `- ${cause}`).join('\n')}`,
    `**What to do on your own site**\n\n${entry.fix.map((step, i) => `${i + 1}. ${step}`).join('\n')}`,
    `**When it is someone else's site:** ${entry.externalAdvice}`,
    `**Related**\n\n${entry.related.map((r) => `- ${relatedName(r.key)}: ${r.difference}`).join('\n')}`,
  );
  return parts.join('\n\n');
}

function relatedName(key: string): string {
  if (isErrorCode(key)) return `[${key}](#${key.toLowerCase()})`;
  const related = lookupKnowledge(key);
  return related ? entryLabel(related) : key;
}

function renderStatusTable(entries: readonly KnowledgeEntry[]): string {
  const rows = entries.map((e) => {
    const cells = [e.key.replace(/^HTTP_/, ''), e.title, e.summary, e.severity.internal, e.severity.external, e.advice];
    return `| ${cells.map(escapeCell).join(' | ')} |`;
  });
  return ['| Status | Title | Meaning | Internal | External | What to do |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
