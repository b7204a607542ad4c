import type { ResourceKind } from '../core/types.js';
import { cleanUrl } from './clean-url.js';
import { LineCounter } from './line-counter.js';

export type CssUrlAttribute = 'url()' | '@import';

/** Receives each URL found; return false to stop scanning (the caller's link cap was reached). */
export type CssUrlVisitor = (raw: string, attribute: CssUrlAttribute, kind: ResourceKind, line: number) => boolean;

const BACKSLASH = 92;
const SLASH = 47;
const STAR = 42;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const AT = 64;
const LF = 10;
const CR = 13;
const FF = 12;
const REPLACEMENT = '\uFFFD';

interface Token {
  value: string;
  end: number;
}

/**
 * A single forward pass over CSS text that finds every URL a browser would fetch: `url()` in any
 * form, `@import` with a string or `url()`, and strings inside `image-set()`. Comments and ordinary
 * strings (`content: "url(x)"`) are skipped, `@namespace` URLs are identifiers rather than resources,
 * and `url(#id)` is a same-document SVG reference, so none of those are reported.
 */
export function scanCss(css: string, startLine: number, visit: CssUrlVisitor): void {
  const lines = new LineCounter(startLine);
  lines.push(css);
  const length = css.length;
  let braceDepth = 0;
  let parenDepth = 0;
  let fontFaceDepth = -1;
  let pendingFontFace = false;
  let imageSetDepth = -1;

  const report = (token: Token | null, start: number, attribute: CssUrlAttribute, kind: ResourceKind): boolean => {
    if (token === null) return true;
    const raw = cleanUrl(token.value);
    if (raw === '' || raw.charCodeAt(0) === 35 /* # */) return true;
    return visit(raw, attribute, kind, lines.lineAt(start));
  };

  let i = 0;
  while (i < length) {
    const code = css.charCodeAt(i);
    if (code === SLASH && css.charCodeAt(i + 1) === STAR) {
      const close = css.indexOf('*/', i + 2);
      i = close === -1 ? length : close + 2;
    } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const token = consumeString(css, i);
      if (imageSetDepth !== -1 && parenDepth === imageSetDepth) {
        if (!report(token, i, 'url()', 'image')) return;
      }
      i = token === null ? skipToLineEnd(css, i) : token.end;
    } else if (code === AT) {
      const nameEnd = identEnd(css, i + 1);
      const name = css.slice(i + 1, nameEnd).toLowerCase();
      i = nameEnd;
      if (name === 'import') {
        const start = skipWhitespaceAndComments(css, i);
        const token = consumeImportTarget(css, start);
        if (!report(token, start, '@import', 'stylesheet')) return;
        if (token !== null) i = token.end;
      } else if (name === 'namespace') {
        const end = css.indexOf(';', i);
        i = end === -1 ? length : end + 1;
      } else if (name === 'font-face') {
        pendingFontFace = true;
      }
    } else if (code === OPEN_BRACE) {
      braceDepth++;
      if (pendingFontFace) fontFaceDepth = braceDepth;
      pendingFontFace = false;
      i++;
    } else if (code === CLOSE_BRACE) {
      if (braceDepth === fontFaceDepth) fontFaceDepth = -1;
      braceDepth--;
      i++;
    } else if (code === OPEN_PAREN) {
      parenDepth++;
      i++;
    } else if (code === CLOSE_PAREN) {
      if (parenDepth === imageSetDepth) imageSetDepth = -1;
      parenDepth--;
      i++;
    } else if (isIdentStart(code)) {
      const end = identEnd(css, i);
      if (css.charCodeAt(end) !== OPEN_PAREN) {
        i = end;
        continue;
      }
      const name = css.slice(i, end).toLowerCase();
      if (name === 'url') {
        const token = consumeUrlBody(css, end + 1);
        const kind: ResourceKind = fontFaceDepth !== -1 ? 'font' : 'image';
        if (!report(token, i, 'url()', kind)) return;
        i = token === null ? skipBadUrl(css, end + 1) : token.end;
      } else {
        if (name === 'image-set' || name === '-webkit-image-set') imageSetDepth = parenDepth + 1;
        i = end;
      }
    } else {
      i++;
    }
  }
}

function isIdentStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 45 || code === 95 || code >= 0x80;
}

function identEnd(css: string, from: number): number {
  let i = from;
  while (i < css.length) {
    const code = css.charCodeAt(i);
    if (isIdentStart(code) || (code >= 48 && code <= 57)) i++;
    else if (code === BACKSLASH && i + 1 < css.length) i += 2;
    else break;
  }
  return i;
}

function isWhitespace(code: number): boolean {
  return code === 32 || code === 9 || code === LF || code === CR || code === FF;
}

function skipWhitespace(css: string, from: number): number {
  let i = from;
  while (i < css.length && isWhitespace(css.charCodeAt(i))) i++;
  return i;
}

function skipWhitespaceAndComments(css: string, from: number): number {
  let i = skipWhitespace(css, from);
  while (css.charCodeAt(i) === SLASH && css.charCodeAt(i + 1) === STAR) {
    const close = css.indexOf('*/', i + 2);
    i = skipWhitespace(css, close === -1 ? css.length : close + 2);
  }
  return i;
}

function skipToLineEnd(css: string, from: number): number {
  const newline = css.indexOf('\n', from + 1);
  return newline === -1 ? css.length : newline + 1;
}

/** A bad url token swallows everything up to its closing parenthesis, as browsers do. */
function skipBadUrl(css: string, from: number): number {
  const close = css.indexOf(')', from);
  return close === -1 ? css.length : close + 1;
}

function consumeImportTarget(css: string, start: number): Token | null {
  const code = css.charCodeAt(start);
  if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) return consumeString(css, start);
  const end = identEnd(css, start);
  if (css.charCodeAt(end) === OPEN_PAREN && css.slice(start, end).toLowerCase() === 'url') {
    return consumeUrlBody(css, end + 1);
  }
  return null;
}

/** CSS Syntax "consume a string token"; null for a bad string (an unescaped newline). */
function consumeString(css: string, start: number): Token | null {
  const quote = css.charCodeAt(start);
  let value = '';
  let runStart = start + 1;
  let i = runStart;
  while (i < css.length) {
    const code = css.charCodeAt(i);
    if (code === quote) return { value: value + css.slice(runStart, i), end: i + 1 };
    if (code === LF || code === CR || code === FF) return null;
    if (code === BACKSLASH) {
      value += css.slice(runStart, i);
      const next = css.charCodeAt(i + 1);
      if (next === LF || next === FF) {
        i += 2;
      } else if (next === CR) {
        i += css.charCodeAt(i + 2) === LF ? 3 : 2;
      } else if (i + 1 >= css.length) {
        i += 1;
      } else {
        const escape = consumeEscape(css, i + 1);
        value += escape.value;
        i = escape.end;
      }
      runStart = i;
      continue;
    }
    i++;
  }
  return { value: value + css.slice(runStart), end: css.length };
}

/** The part of a url token after `url(`: a quoted string or an unquoted URL; null for a bad url. */
function consumeUrlBody(css: string, from: number): Token | null {
  const start = skipWhitespace(css, from);
  const first = css.charCodeAt(start);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    const token = consumeString(css, start);
    if (token === null) return null;
    const close = skipWhitespace(css, token.end);
    return { value: token.value, end: css.charCodeAt(close) === CLOSE_PAREN ? close + 1 : token.end };
  }
  let value = '';
  let runStart = start;
  let i = start;
  while (i < css.length) {
    const code = css.charCodeAt(i);
    if (code === CLOSE_PAREN) return { value: value + css.slice(runStart, i), end: i + 1 };
    if (isWhitespace(code)) {
      const close = skipWhitespace(css, i);
      if (close >= css.length || css.charCodeAt(close) === CLOSE_PAREN) {
        return { value: value + css.slice(runStart, i), end: close + 1 };
      }
      return null;
    }
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE || code === OPEN_PAREN) return null;
    if (code === BACKSLASH) {
      if (css.charCodeAt(i + 1) === LF || i + 1 >= css.length) return null;
      value += css.slice(runStart, i);
      const escape = consumeEscape(css, i + 1);
      value += escape.value;
      i = escape.end;
      runStart = i;
      continue;
    }
    i++;
  }
  return { value: value + css.slice(runStart), end: css.length };
}

/** CSS Syntax "consume an escaped code point", starting just after the backslash. */
function consumeEscape(css: string, from: number): { value: string; end: number } {
  let i = from;
  let hex = 0;
  while (i < css.length && i - from < 6 && isHexDigit(css.charCodeAt(i))) {
    hex = hex * 16 + parseInt(css[i] ?? '0', 16);
    i++;
  }
  if (i === from) {
    const codePoint = css.codePointAt(from) ?? 0xfffd;
    return { value: String.fromCodePoint(codePoint), end: from + (codePoint > 0xffff ? 2 : 1) };
  }
  const next = css.charCodeAt(i);
  if (next === CR && css.charCodeAt(i + 1) === LF) i += 2;
  else if (isWhitespace(next)) i += 1;
  const invalid = hex === 0 || hex > 0x10ffff || (hex >= 0xd800 && hex <= 0xdfff);
  return { value: invalid ? REPLACEMENT : String.fromCodePoint(hex), end: i };
}

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}
