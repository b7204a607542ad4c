/*
 * Page authors control anchor texts, titles and even URLs; printed raw they could move the cursor,
 * recolour the terminal, or reorder text with bidi overrides (in a terminal and on GitHub alike).
 * Everything from a scanned site goes through here before it reaches a text or Markdown report.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]+/g;

// Half of a surrogate pair is not a character; terminals print it as U+FFFD noise.
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One clean line: no control, bidi-override or broken characters, whitespace collapsed. */
export function toSingleLine(value: string): string {
  return removeLoneSurrogates(value).replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim();
}

/** Cuts at a code point boundary so an emoji or accented letter is never split in half. */
export function truncateText(value: string, maxLength: number): string {
  const codePoints = Array.from(value);
  if (codePoints.length <= maxLength) return value;
  return `${codePoints.slice(0, Math.max(0, maxLength - 1)).join('')}…`;
}

export function removeLoneSurrogates(value: string): string {
  return value.replace(LONE_SURROGATES, '');
}
