import { entryLabel } from './entry-label.js';
import type { KnowledgeEntry } from './knowledge-entry.js';
import { wrapText, wrapWithPrefix } from './wrap-text.js';

const DEFAULT_WIDTH = 100;
const MIN_WIDTH = 40;
const GUTTER = ' │ ';

/**
 * Two outcomes in side-by-side columns (meaning, causes, severity, what to do), ending with the
 * difference between them in full width, since that sentence is the reason to compare at all.
 */
export function renderComparison(a: KnowledgeEntry, b: KnowledgeEntry, options: { width?: number } = {}): string {
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  const column = Math.floor((width - GUTTER.length) / 2);
  const pair = (render: (entry: KnowledgeEntry) => string[]): string[] => sideBySide(render(a), render(b), column);

  const lines: string[] = [
    ...pair((entry) => wrapText(entryLabel(entry), column)),
    `${'─'.repeat(column)}─┼─${'─'.repeat(column)}`,
    'Meaning',
    ...pair((entry) => wrapText(entry.summary, column)),
    '',
    'Usual causes',
    ...pair((entry) => entry.causes.flatMap((cause) => wrapWithPrefix(cause, column, '• '))),
    '',
    'How serious',
    ...pair((entry) => [`internal link: ${entry.severity.internal}`, `external link: ${entry.severity.external}`]),
    '',
    'What to do',
    ...pair((entry) => [...wrapText(entry.advice, column), ...wrapWithPrefix(entry.externalAdvice, column, 'Elsewhere: ', '  ')]),
  ];
  const difference = a.related.find((r) => r.key === b.key) ?? b.related.find((r) => r.key === a.key);
  if (difference) lines.push('', ...wrapWithPrefix(difference.difference, width, 'The difference: ', '  '));
  return `${lines.join('\n')}\n`;
}

function sideBySide(left: string[], right: string[], column: number): string[] {
  const rows = Math.max(left.length, right.length);
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    out.push(`${(left[i] ?? '').padEnd(column)}${GUTTER}${right[i] ?? ''}`.trimEnd());
  }
  return out;
}
