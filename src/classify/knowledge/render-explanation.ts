import { COMPARISON_PARTNERS } from './comparison-partners.js';
import { entryLabel } from './entry-label.js';
import { lookupKnowledge } from './knowledge-base.js';
import type { KnowledgeEntry } from './knowledge-entry.js';
import { renderComparison } from './render-comparison.js';
import { suggestKey } from './suggest-key.js';
import { createStyler, SEVERITY_STYLE, type Styler } from './terminal-style.js';
import { wrapText, wrapWithPrefix } from './wrap-text.js';

export { renderComparison } from './render-comparison.js';

export interface RenderOptions {
  color?: boolean;
  width?: number;
}

const DEFAULT_WIDTH = 80;
// Below this the prose wraps a word or two per line and stops being readable at all.
const MIN_WIDTH = 40;

/** The full terminal entry shown by `dislike404 explain <code>`. */
export function renderExplanation(entry: KnowledgeEntry, options: RenderOptions = {}): string {
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  const style = createStyler(options.color ?? false);
  const heading = (text: string): string => style('bold', text);
  const indented = (text: string): string[] => wrapWithPrefix(text, width, '  ');

  const lines: string[] = [
    ...wrapText(entryLabel(entry), width).map(heading),
    ...wrapText(entry.summary, width),
    '',
    ...wrapText(entry.explanation, width),
    '',
    heading('How serious'),
    ...severityLines(entry, style),
    ...indented(entry.severityNote),
    '',
    heading('Usual causes'),
    ...entry.causes.flatMap((cause) => wrapWithPrefix(cause, width, '  • ')),
    '',
    heading('Fixing it on your site'),
    ...entry.fix.flatMap((step, i) => wrapWithPrefix(step, width, `  ${i + 1}. `)),
    '',
    heading("When it is someone else's site"),
    ...indented(entry.externalAdvice),
    '',
    heading('Related'),
    ...entry.related.flatMap((related) => relatedLines(related.key, related.difference, width, style)),
  ];
  return `${lines.join('\n')}\n`;
}

function severityLines(entry: KnowledgeEntry, style: Styler): string[] {
  const { internal, external } = entry.severity;
  return [
    `  Internal link (your site):     ${style(SEVERITY_STYLE[internal], internal)}`,
    `  External link (another site):  ${style(SEVERITY_STYLE[external], external)}`,
  ];
}

function relatedLines(key: string, difference: string, width: number, style: Styler): string[] {
  const related = lookupKnowledge(key);
  const name = related ? entryLabel(related) : key;
  return [...wrapWithPrefix(name, width, '  • ').map((line) => style('bold', line)), ...wrapWithPrefix(difference, width, '    ')];
}

/**
 * What `dislike404 explain <code>` prints. For outcomes people commonly confuse (401/403,
 * 404/410, the redirect family, the gateway errors) it adds a side-by-side comparison.
 */
export function explainCode(input: string, options: RenderOptions = {}): { ok: true; text: string } | { ok: false; message: string } {
  const entry = lookupKnowledge(input);
  if (!entry) return { ok: false, message: unknownCodeMessage(input) };
  const text = renderExplanation(entry, options);
  const partnerKey = COMPARISON_PARTNERS[entry.key];
  const partner = partnerKey === undefined ? null : lookupKnowledge(partnerKey);
  if (!partner) return { ok: true, text };
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  const style = createStyler(options.color ?? false);
  const title = style('bold', `Side by side: ${entryLabel(entry)} vs ${entryLabel(partner)}`);
  return { ok: true, text: `${text}\n${title}\n${renderComparison(entry, partner, { width })}` };
}

function unknownCodeMessage(input: string): string {
  const suggestion = suggestKey(input);
  const hint = suggestion ? ` Did you mean ${suggestion}?` : '';
  return `unknown code "${input.trim()}".${hint} Give an HTTP status (100-599, e.g. 404) or an outcome code such as DNS_NOT_FOUND; docs/errors.md lists them all.`;
}
