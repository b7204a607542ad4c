import { isAsciiWhitespace } from './clean-url.js';

/**
 * The URL of a `<meta http-equiv="refresh" content="...">`, following the WHATWG "shared declarative
 * refresh steps": `5`, `0;url=/x`, `0; URL='/x'`, `0, "/x"` and `0 /x` forms. Returns null when the
 * value is malformed or only reloads the page itself.
 */
export function parseMetaRefresh(content: string): string | null {
  const length = content.length;
  let position = skipWhitespace(content, 0);
  const timeStart = position;
  while (position < length && isDigit(content.charCodeAt(position))) position++;
  if (position === timeStart && content.charCodeAt(position) !== 46 /* . */) return null;
  while (position < length && (isDigit(content.charCodeAt(position)) || content.charCodeAt(position) === 46)) position++;
  if (position >= length) return null;

  const separator = content.charCodeAt(position);
  if (separator !== 59 /* ; */ && separator !== 44 /* , */ && !isAsciiWhitespace(separator)) return null;
  position = skipWhitespace(content, position);
  const next = content.charCodeAt(position);
  if (next === 59 || next === 44) position = skipWhitespace(content, position + 1);
  if (position >= length) return null;

  position = skipUrlEquals(content, position);
  let quote = content.charCodeAt(position);
  if (quote === 39 /* ' */ || quote === 34 /* " */) position++;
  else quote = -1;
  let end = length;
  if (quote !== -1) {
    const close = content.indexOf(String.fromCharCode(quote), position);
    if (close !== -1) end = close;
  }
  const url = content.slice(position, end);
  return url.trim() === '' ? null : url;
}

/** Skips a case-insensitive `url =` prefix if present; otherwise leaves the position alone. */
function skipUrlEquals(content: string, from: number): number {
  if (content.slice(from, from + 3).toLowerCase() !== 'url') return from;
  const afterName = skipWhitespace(content, from + 3);
  if (content.charCodeAt(afterName) !== 61 /* = */) return from;
  return skipWhitespace(content, afterName + 1);
}

function skipWhitespace(value: string, from: number): number {
  let position = from;
  while (position < value.length && isAsciiWhitespace(value.charCodeAt(position))) position++;
  return position;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
