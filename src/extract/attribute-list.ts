import { decodeHTMLAttribute } from 'entities/decode';
import type { AttributeSource } from './element-links.js';

const TAB = 9;
const LF = 10;
const FF = 12;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const SLASH = 47;
const EQUALS = 61;
const GREATER_THAN = 62;

export function isHtmlWhitespace(code: number): boolean {
  // One comparison for the common case (any printable character).
  return code <= SPACE && (code === SPACE || code === LF || code === TAB || code === CR || code === FF);
}

/**
 * The attributes of one start tag, as offsets into the scanner's buffer: parsing a tag costs no
 * strings at all, and names and values are sliced (and decoded) only for the few the extractor reads.
 * Valid only during the `openTag` call that receives it.
 */
export class AttributeList implements AttributeSource {
  count = 0;
  /** `/>` closed the tag (which matters only inside SVG and MathML). */
  selfClosing = false;
  /** After an unfinished parse: the quote character the tag is waiting for, or -1. */
  openQuote = -1;

  private buffer = '';
  private bufferOffset = 0;
  private nameStart: Int32Array = new Int32Array(16);
  private nameEnd: Int32Array = new Int32Array(16);
  /** -1 for an attribute without `=value`. */
  private valueStart: Int32Array = new Int32Array(16);
  private valueEnd: Int32Array = new Int32Array(16);
  /** Document offset of the first newline at or after the last spansLines query; -1 when unknown. */
  private nextNewline = -1;

  /** The scanner's buffer changed; forget what was learnt about the old one. */
  rebase(): void {
    this.nextNewline = -1;
  }

  /**
   * Reads attributes from `from` (just after the tag name) to the tag's `>`, following the HTML
   * tokenizer's attribute states. Returns the index of that `>`, or -1 when the buffer ends first.
   */
  parse(buffer: string, bufferOffset: number, from: number): number {
    this.buffer = buffer;
    this.bufferOffset = bufferOffset;
    this.count = 0;
    this.selfClosing = false;
    this.openQuote = -1;
    const length = buffer.length;
    let i = from;
    for (;;) {
      while (i < length && isHtmlWhitespace(buffer.charCodeAt(i))) i++;
      if (i >= length) return -1;
      let code = buffer.charCodeAt(i);
      if (code === GREATER_THAN) return i;
      if (code === SLASH) {
        i++;
        while (i < length && isHtmlWhitespace(buffer.charCodeAt(i))) i++;
        if (i >= length) return -1;
        if (buffer.charCodeAt(i) === GREATER_THAN) {
          this.selfClosing = true;
          return i;
        }
        continue;
      }
      // The first character always belongs to the name, even `=` or a quote.
      const nameStart = i++;
      while (i < length) {
        code = buffer.charCodeAt(i);
        // Letters (above `>`) are the common case.
        if (code <= GREATER_THAN && (code === EQUALS || code === GREATER_THAN || code === SLASH || isHtmlWhitespace(code))) break;
        i++;
      }
      const nameEnd = i;
      while (i < length && isHtmlWhitespace(buffer.charCodeAt(i))) i++;
      if (i >= length) return -1;
      if (buffer.charCodeAt(i) !== EQUALS) {
        this.add(nameStart, nameEnd, -1, -1);
        continue;
      }
      i++;
      while (i < length && isHtmlWhitespace(buffer.charCodeAt(i))) i++;
      if (i >= length) return -1;
      code = buffer.charCodeAt(i);
      if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
        const close = buffer.indexOf(code === DOUBLE_QUOTE ? '"' : "'", i + 1);
        if (close < 0) {
          this.openQuote = code;
          return -1;
        }
        this.add(nameStart, nameEnd, i + 1, close);
        i = close + 1;
        continue;
      }
      const valueStart = i;
      while (i < length) {
        code = buffer.charCodeAt(i);
        if (code <= GREATER_THAN && (code === GREATER_THAN || isHtmlWhitespace(code))) break;
        i++;
      }
      if (i >= length) return -1;
      this.add(nameStart, nameEnd, valueStart, i);
    }
  }

  /** Lower-cased name of attribute `k`. */
  name(k: number): string {
    return this.buffer.slice(this.nameStart[k], this.nameEnd[k]).toLowerCase();
  }

  /** Value of attribute `k` with character references decoded; '' when it has none. */
  value(k: number): string {
    const start = this.valueStart[k] ?? -1;
    if (start < 0) return '';
    const raw = this.buffer.slice(start, this.valueEnd[k]);
    return raw.indexOf('&') < 0 ? raw : decodeHTMLAttribute(raw);
  }

  /** Document offset of attribute `k`'s name. */
  offset(k: number): number {
    return this.bufferOffset + (this.nameStart[k] ?? 0);
  }

  /**
   * Whether a newline lies between document offset `from` (where the tag's line is counted) and the
   * last attribute name, i.e. whether any attribute sits on another line than its tag. Linear over a
   * document: the position of the next newline is remembered until a query passes it. Answers true
   * when `from` is no longer buffered, which only sends the caller down its exact, slower path.
   */
  spansLines(from: number): boolean {
    if (this.count === 0) return false;
    if (from < this.bufferOffset) return true;
    if (this.nextNewline < from) {
      const index = this.buffer.indexOf('\n', from - this.bufferOffset);
      this.nextNewline = index < 0 ? Number.MAX_SAFE_INTEGER : index + this.bufferOffset;
    }
    return this.nextNewline < this.offset(this.count - 1);
  }

  /** Value of the first attribute named `lowerName`, comparing names in place rather than slicing them. */
  get(lowerName: string): string | undefined {
    const wanted = lowerName.length;
    for (let k = 0; k < this.count; k++) {
      const start = this.nameStart[k] ?? 0;
      if ((this.nameEnd[k] ?? 0) - start === wanted && this.nameIs(start, lowerName)) return this.value(k);
    }
    return undefined;
  }

  private nameIs(start: number, lowerName: string): boolean {
    const buffer = this.buffer;
    for (let c = 0; c < lowerName.length; c++) {
      const code = buffer.charCodeAt(start + c);
      const wanted = lowerName.charCodeAt(c);
      if (code === wanted || (code >= 65 && code <= 90 && code + 32 === wanted)) continue;
      // Rare: non-ASCII names lower-case by Unicode rules (KELVIN SIGN becomes "k"), as htmlparser2 does.
      if (code >= 128) return this.buffer.slice(start, start + lowerName.length).toLowerCase() === lowerName;
      return false;
    }
    return true;
  }

  private add(nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const k = this.count;
    if (k === this.nameStart.length) this.grow();
    this.nameStart[k] = nameStart;
    this.nameEnd[k] = nameEnd;
    this.valueStart[k] = valueStart;
    this.valueEnd[k] = valueEnd;
    this.count = k + 1;
  }

  private grow(): void {
    const size = this.nameStart.length * 2;
    const widen = (array: Int32Array): Int32Array => {
      const wider = new Int32Array(size);
      wider.set(array);
      return wider;
    };
    this.nameStart = widen(this.nameStart);
    this.nameEnd = widen(this.nameEnd);
    this.valueStart = widen(this.valueStart);
    this.valueEnd = widen(this.valueEnd);
  }
}
