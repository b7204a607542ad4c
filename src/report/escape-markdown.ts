/*
 * Markdown reports are pasted into GitHub issues and PR comments, where text from scanned pages must
 * neither break the table, inject HTML, nor ping people (`@org/team`) or link issues (`#12`).
 */
import { toSingleLine } from './single-line.js';

const ZERO_WIDTH_SPACE = '\u200B';

/** Inline text safe for a paragraph, heading or table cell; newlines become spaces. */
export function escapeMarkdown(value: string): string {
  return toSingleLine(value)
    .replace(/[\\`*_[\]<>|~]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/@(?=[\w-])/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`);
}

/**
 * A code span that survives a table cell: GitHub splits cells on `|` even inside backticks, and
 * un-escapes `\|` there, so only the pipe needs escaping.
 */
export function markdownCode(value: string): string {
  const text = toSingleLine(value).replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const padding = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${text}${padding}${fence}`;
}

/** A clickable autolink for real web URLs; anything else (raw invalid links) as code. */
export function markdownUrl(value: string): string {
  if (isAutolinkable(value)) return `<${value.replace(/\|/g, '%7C')}>`;
  return markdownCode(value);
}

function isAutolinkable(value: string): boolean {
  if (/[\s<>`]/.test(value) || !URL.canParse(value)) return false;
  const protocol = new URL(value).protocol;
  return protocol === 'http:' || protocol === 'https:';
}
