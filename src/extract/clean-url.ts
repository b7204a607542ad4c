const TAB = 9;
const LF = 10;
const FF = 12;
const CR = 13;
const SPACE = 32;

function isAsciiWhitespace(code: number): boolean {
  return code === SPACE || code === LF || code === TAB || code === CR || code === FF;
}

/**
 * Turns an attribute value into the URL string a browser would parse: surrounding ASCII whitespace
 * stripped (not String#trim, which also eats NBSP and other Unicode spaces that are part of the URL)
 * and tabs/newlines inside removed, as the WHATWG URL parser does.
 */
export function cleanUrl(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isAsciiWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isAsciiWhitespace(value.charCodeAt(end - 1))) end--;
  const trimmed = start === 0 && end === value.length ? value : value.slice(start, end);
  // Checking first keeps the regex off the hot path: almost no URL contains a tab or newline.
  if (trimmed.indexOf('\n') === -1 && trimmed.indexOf('\t') === -1 && trimmed.indexOf('\r') === -1) return trimmed;
  return trimmed.replace(/[\t\n\r]/g, '');
}

export { isAsciiWhitespace };
