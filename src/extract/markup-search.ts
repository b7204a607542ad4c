import { isHtmlWhitespace } from './attribute-list.js';

/** Stateless searches the HTML scanner runs over its buffer. */

const GREATER_THAN = 62;
const SLASH = 47;
const BANG = 33;
const DASH = 45;

/** Characters after a trailing `&` that may still be one character reference, waiting for more input. */
const MAX_PENDING_REFERENCE = 1024;

export function isAsciiAlpha(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 97 && lower <= 122;
}

/** Ends a tag name (and the scan for an end tag in raw text): whitespace, `/` or `>`. */
export function isEndOfTagName(code: number): boolean {
  // Letters (above `>`) are the common case.
  return code <= GREATER_THAN && (code === GREATER_THAN || code === SLASH || isHtmlWhitespace(code));
}

/**
 * Index of the `>` of the first `-->` or `--!>` at or after `from`, or -1. When -1, nothing before
 * the last three characters can start one, so a caller waiting for more input keeps only those.
 */
export function commentClose(buffer: string, from: number): number {
  const length = buffer.length;
  for (;;) {
    const dashes = buffer.indexOf('--', from);
    if (dashes < 0) return -1;
    let i = dashes + 2;
    while (i < length && buffer.charCodeAt(i) === DASH) i++;
    if (i >= length) return -1;
    const code = buffer.charCodeAt(i);
    if (code === GREATER_THAN) return i;
    if (code === BANG && i + 1 < length && buffer.charCodeAt(i + 1) === GREATER_THAN) return i + 1;
    from = i;
  }
}

/** Whether buffer[from..to) equals the start of `lowerName` (ASCII letters), ignoring case. */
export function matchesNamePrefix(buffer: string, from: number, to: number, lowerName: string): boolean {
  for (let i = from; i < to; i++) {
    // `| 0x20` folds ASCII letters; nothing else folds onto a lower-case letter.
    if ((buffer.charCodeAt(i) | 0x20) !== lowerName.charCodeAt(i - from)) return false;
  }
  return true;
}

/**
 * Where text in buffer[start..end) can be cut without splitting a character reference: before a
 * trailing `&` that is still followed only by characters a reference may contain.
 */
export function referenceSafeEnd(buffer: string, start: number, end: number): number {
  const amp = buffer.lastIndexOf('&', end - 1);
  if (amp < start || end - amp > MAX_PENDING_REFERENCE) return end;
  for (let i = amp + 1; i < end; i++) {
    const code = buffer.charCodeAt(i);
    const isReferenceChar = isAsciiAlpha(code) || (code >= 48 && code <= 57) || code === 35; /* # */
    if (!isReferenceChar) return end;
  }
  return amp;
}
