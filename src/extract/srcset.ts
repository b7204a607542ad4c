import { isAsciiWhitespace } from './clean-url.js';

const COMMA = 44;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

/**
 * Returns the candidate URLs of a `srcset` value, following the WHATWG "parse a srcset attribute"
 * algorithm: a URL runs to the next whitespace, so commas inside it (`/img,w_300/a.jpg`) are kept and
 * only trailing commas end a candidate; descriptors (`2x`, `300w`, and parenthesised future syntax) are skipped.
 *
 * Candidates with odd descriptors are still returned: the browser would ignore them, but the author
 * meant them as URLs, so they deserve a check.
 */
export function parseSrcset(value: string): string[] {
  const urls: string[] = [];
  const length = value.length;
  let position = 0;
  while (position < length) {
    while (position < length && (isAsciiWhitespace(value.charCodeAt(position)) || value.charCodeAt(position) === COMMA)) {
      position++;
    }
    if (position >= length) break;

    const urlStart = position;
    while (position < length && !isAsciiWhitespace(value.charCodeAt(position))) position++;
    let urlEnd = position;
    let endedByComma = false;
    while (urlEnd > urlStart && value.charCodeAt(urlEnd - 1) === COMMA) {
      urlEnd--;
      endedByComma = true;
    }
    if (urlEnd > urlStart) urls.push(value.slice(urlStart, urlEnd));
    if (!endedByComma) position = skipDescriptors(value, position);
  }
  return urls;
}

/** Moves past a candidate's descriptors to just after the comma that ends it (or the end). */
function skipDescriptors(value: string, from: number): number {
  let position = from;
  let inParens = false;
  while (position < value.length) {
    const code = value.charCodeAt(position++);
    if (inParens) {
      if (code === CLOSE_PAREN) inParens = false;
    } else if (code === OPEN_PAREN) {
      inParens = true;
    } else if (code === COMMA) {
      break;
    }
  }
  return position;
}
