import { decodeHTML } from 'entities/decode';
import { AttributeList } from './attribute-list.js';
import type { ContentModel } from './html-tag-rules.js';
import { commentClose, isAsciiAlpha, isEndOfTagName, matchesNamePrefix, referenceSafeEnd } from './markup-search.js';
import { hashTagChar, tagInfoAt, type TagInfo } from './tag-info.js';

/**
 * What the scanner reports. Offsets are document offsets (across all chunks). `eventOffset` is where
 * the previous token ended (htmlparser2's `startIndex`): the position lines are counted from.
 */
export interface ScannerSink {
  /** Inside SVG or MathML, where `<script>`, `<style>`, `<title>`... have ordinary content. */
  isInForeignContext(): boolean;
  /** Whether text is needed right now; text nobody wants is skipped without being sliced. */
  wantsText(): boolean;
  text(data: string, eventOffset: number): void;
  openTag(tag: TagInfo, eventOffset: number, attributes: AttributeList): void;
  /** A start tag cut off by the end of the document after its name: it opens, but has no attributes. */
  openTagUnfinished(tag: TagInfo, eventOffset: number): void;
  closeTag(tag: TagInfo, eventOffset: number): void;
}

const LESS_THAN = 60;
const GREATER_THAN = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const DASH = 45;
const OPEN_BRACKET = 91;
const NONE = -1;

type Mode = 'text' | ContentModel | 'comment' | 'cdata' | 'bogus';

/**
 * A streaming HTML tokenizer for link extraction. It jumps from `<` to `<` with indexOf, reads tag
 * names and attribute offsets, skips comments and raw text with indexOf, and slices text only when
 * the sink wants it. Tokenization follows htmlparser2 (the reference implementation), which follows
 * the WHATWG tokenizer closely; the few places where this scanner is closer to the spec are
 * documented in html-extractor-divergence.test.ts.
 *
 * `write()` accepts chunks split anywhere. An unfinished token stays in the buffer until the next
 * chunk; long constructs (comments, raw text, text) keep only the few characters that could still
 * be the start of their terminator.
 */
export class HtmlScanner {
  private readonly attributes = new AttributeList();
  private buffer = '';
  /** Document offset of buffer[0]. */
  private bufferOffset = 0;
  /** Next index of `buffer` to scan; what lies before it is consumed. */
  private position = 0;
  private mode: Mode = 'text';
  /** The raw-text element being read. */
  private rawTag: TagInfo | null = null;
  /** Collected content of a CDATA section inside SVG/MathML, which counts as text there; null otherwise. */
  private cdata: string[] | null = null;
  /** Document offset just past the last tag, comment or declaration. */
  private tokenEnd = 0;
  /** Document offset where the last token or text ended, for line numbers; see ScannerSink. */
  private eventEnd = 0;
  /** A chunk-spanning token waits for this character (a quote or `>`) before it is parsed again. */
  private waitingFor = NONE;
  private waiting: string[] = [];
  private ended = false;

  constructor(private readonly sink: ScannerSink) {}

  write(chunk: string): void {
    if (this.ended || chunk.length === 0) return;
    if (this.waitingFor !== NONE) {
      if (chunk.indexOf(String.fromCharCode(this.waitingFor)) < 0) {
        this.waiting.push(chunk);
        return;
      }
      this.waitingFor = NONE;
      this.waiting.push(chunk);
      chunk = this.waiting.join('');
      this.waiting = [];
    }
    this.append(chunk);
    this.scan(false);
  }

  end(): void {
    if (this.ended) return;
    if (this.waiting.length > 0) this.append(this.waiting.join(''));
    this.waiting = [];
    this.scan(true);
    this.ended = true;
    this.buffer = '';
  }

  private append(chunk: string): void {
    const rest = this.position < this.buffer.length ? this.buffer.slice(this.position) : '';
    this.bufferOffset += this.position;
    this.buffer = rest + chunk;
    this.position = 0;
    this.attributes.rebase();
  }

  private scan(final: boolean): void {
    while (this.position < this.buffer.length) {
      let next: number;
      switch (this.mode) {
        case 'text':
          next = this.scanText(final);
          break;
        case 'raw':
        case 'rcdata':
          next = this.scanRawText(final);
          break;
        case 'plaintext':
          this.emitText(this.position, this.buffer.length, false);
          next = this.buffer.length;
          break;
        case 'comment':
          next = this.scanComment(final);
          break;
        case 'cdata':
          next = this.scanCdata(final);
          break;
        case 'bogus':
          next = this.scanBogusComment(final);
          break;
      }
      // NONE: the rest of the buffer is an unfinished token, kept for the next chunk.
      if (next === NONE) return;
      this.position = next;
    }
  }

  /** Text, then the token at the next `<`. Returns where scanning continues, or NONE to wait. */
  private scanText(final: boolean): number {
    const buffer = this.buffer;
    const length = buffer.length;
    let start = this.position;
    let from = start;
    for (;;) {
      const lt = buffer.indexOf('<', from);
      if (lt < 0 || lt + 1 >= length) {
        // A `<` with nothing after it is text at the end of the document, and undecided before it.
        let end = final ? length : lt < 0 ? length : lt;
        if (!final && lt < 0 && this.sink.wantsText()) end = referenceSafeEnd(buffer, start, length);
        this.emitText(start, end, true);
        return end === length ? end : this.hold(end);
      }
      const code = buffer.charCodeAt(lt + 1);
      if (isAsciiAlpha(code) || code === SLASH || code === BANG || code === QUESTION) {
        this.emitText(start, lt, true);
        const ltOffset = this.bufferOffset + lt;
        if (ltOffset > this.tokenEnd) this.eventEnd = ltOffset;
        const next = this.scanMarkup(lt, final);
        if (next === NONE) return this.hold(lt);
        // Stay in this loop while tags follow tags; other modes go back through scan().
        if (this.mode !== 'text' || next >= length) return next;
        start = next;
        from = next;
        continue;
      }
      // Any other character after `<` makes it text.
      from = lt + 1;
    }
  }

  /** Keeps buffer[index..] for the next chunk. */
  private hold(index: number): number {
    this.position = index;
    return NONE;
  }

  private scanMarkup(lt: number, final: boolean): number {
    const code = this.buffer.charCodeAt(lt + 1);
    if (isAsciiAlpha(code)) return this.scanStartTag(lt, final);
    if (code === SLASH) return this.scanEndTag(lt, final);
    if (code === BANG) return this.scanDeclaration(lt, final);
    // `<?...>` is a bogus comment in HTML.
    this.mode = 'bogus';
    return lt + 2;
  }

  private scanStartTag(lt: number, final: boolean): number {
    const buffer = this.buffer;
    const length = buffer.length;
    let i = lt + 1;
    let hash = 0;
    for (; i < length; i++) {
      const code = buffer.charCodeAt(i);
      if (isEndOfTagName(code)) break;
      hash = hashTagChar(hash, code);
    }
    // A tag name cut off by the end of the document is dropped, as the spec's "EOF in tag" says.
    if (i >= length) return final ? length : NONE;
    const tag = tagInfoAt(buffer, lt + 1, i, hash);
    const attributes = this.attributes;
    const gt = attributes.parse(buffer, this.bufferOffset, i);
    if (gt < 0) {
      if (final) {
        this.sink.openTagUnfinished(tag, this.eventEnd);
        return length;
      }
      if (attributes.openQuote !== -1) this.waitingFor = attributes.openQuote;
      return NONE;
    }
    // Decided before the tag opens: the context is the one the tag appears in.
    const textContent = tag.content !== null && !this.sink.isInForeignContext() ? tag.content : null;
    this.sink.openTag(tag, this.eventEnd, attributes);
    this.endToken(gt);
    if (textContent !== null) {
      this.mode = textContent;
      this.rawTag = tag;
    }
    return gt + 1;
  }

  private scanEndTag(lt: number, final: boolean): number {
    const buffer = this.buffer;
    const length = buffer.length;
    if (lt + 2 >= length) {
      if (!final) return NONE;
      this.emitText(lt, length, false);
      return length;
    }
    const first = buffer.charCodeAt(lt + 2);
    if (first === GREATER_THAN) {
      // `</>` is dropped entirely; it is not even an event for line counting.
      this.tokenEnd = this.bufferOffset + lt + 3;
      return lt + 3;
    }
    if (!isAsciiAlpha(first)) {
      this.mode = 'bogus';
      return lt + 3;
    }
    let i = lt + 2;
    let hash = 0;
    for (; i < length; i++) {
      const code = buffer.charCodeAt(i);
      if (isEndOfTagName(code)) break;
      hash = hashTagChar(hash, code);
    }
    if (i >= length) return final ? length : NONE;
    return this.finishEndTag(tagInfoAt(buffer, lt + 2, i, hash), i, final);
  }

  /** An end tag whose name ends at `nameEnd`; whatever follows up to `>` is ignored. */
  private finishEndTag(tag: TagInfo, nameEnd: number, final: boolean): number {
    const gt = this.buffer.indexOf('>', nameEnd);
    if (gt < 0 && !final) {
      this.waitingFor = GREATER_THAN;
      return NONE;
    }
    this.sink.closeTag(tag, this.eventEnd);
    if (gt < 0) return this.buffer.length;
    // htmlparser2 ends the event just after the name, not at `>`.
    const eventEnd = this.bufferOffset + nameEnd + 1;
    this.endToken(gt);
    this.eventEnd = eventEnd;
    return gt + 1;
  }

  /** `<!`: a comment, a CDATA section, a doctype, or a bogus comment. */
  private scanDeclaration(lt: number, final: boolean): number {
    const buffer = this.buffer;
    const length = buffer.length;
    const unfinished = final ? length : NONE;
    if (lt + 2 >= length) return unfinished;
    const code = buffer.charCodeAt(lt + 2);
    if (code === DASH) {
      if (lt + 3 >= length) return unfinished;
      const next = buffer.charCodeAt(lt + 3);
      if (next === GREATER_THAN) return this.endToken(lt + 3);
      if (next !== DASH) {
        this.mode = 'bogus';
        return lt + 4;
      }
      // `<!-->` and `<!--->` are complete (empty) comments.
      const start = lt + 4;
      if (start >= length) return unfinished;
      const first = buffer.charCodeAt(start);
      if (first === GREATER_THAN) return this.endToken(start);
      if (first === DASH) {
        if (start + 1 >= length) return unfinished;
        if (buffer.charCodeAt(start + 1) === GREATER_THAN) return this.endToken(start + 1);
      }
      this.mode = 'comment';
      return start;
    }
    if (code === OPEN_BRACKET) {
      const marker = 'CDATA[';
      for (let k = 0; k < marker.length; k++) {
        const index = lt + 3 + k;
        if (index >= length) return unfinished;
        if (buffer.charCodeAt(index) !== marker.charCodeAt(k)) {
          this.mode = 'bogus';
          return index;
        }
      }
      this.mode = 'cdata';
      // Inside SVG/MathML a CDATA section is text; in HTML it is a comment.
      this.cdata = this.sink.isInForeignContext() && this.sink.wantsText() ? [] : null;
      return lt + 9;
    }
    // Doctypes and everything else end at the next `>`.
    this.mode = 'bogus';
    return lt + 2;
  }

  private scanComment(final: boolean): number {
    const close = commentClose(this.buffer, this.position);
    if (close >= 0) return this.endToken(close);
    const length = this.buffer.length;
    return final ? length : this.hold(Math.max(this.position, length - 3));
  }

  private scanCdata(final: boolean): number {
    const buffer = this.buffer;
    const length = buffer.length;
    const close = buffer.indexOf(']]>', this.position);
    if (close < 0) {
      // An unterminated CDATA section is a comment running to the end of the document.
      if (final) return length;
      const keep = Math.max(this.position, length - 2);
      this.cdata?.push(buffer.slice(this.position, keep));
      return this.hold(keep);
    }
    if (this.cdata !== null) {
      this.cdata.push(buffer.slice(this.position, close));
      this.sink.text(this.cdata.join(''), this.eventEnd);
      this.cdata = null;
    }
    return this.endToken(close + 2);
  }

  private scanBogusComment(final: boolean): number {
    const gt = this.buffer.indexOf('>', this.position);
    if (gt >= 0) return this.endToken(gt);
    return final ? this.buffer.length : this.hold(this.buffer.length);
  }

  /** Content of `<script>`, `<style>`, `<title>`...: text up to `</name` followed by a tag-name end. */
  private scanRawText(final: boolean): number {
    const buffer = this.buffer;
    const length = buffer.length;
    const tag = this.rawTag as TagInfo;
    const name = tag.name;
    const decode = this.mode === 'rcdata';
    const start = this.position;
    let from = start;
    for (;;) {
      const lt = buffer.indexOf('</', from);
      const nameEnd = lt + 2 + name.length;
      if (lt < 0 || (nameEnd >= length && matchesNamePrefix(buffer, lt + 2, Math.min(nameEnd, length), name))) {
        // No end tag yet, or one that the buffer cuts off: text up to where it might start.
        let end = lt >= 0 ? lt : buffer.charCodeAt(length - 1) === LESS_THAN ? length - 1 : length;
        if (final) end = length;
        else if (decode) end = Math.min(end, referenceSafeEnd(buffer, start, end));
        this.emitText(start, end, decode);
        return end === length ? end : this.hold(end);
      }
      if (nameEnd < length && matchesNamePrefix(buffer, lt + 2, nameEnd, name) && isEndOfTagName(buffer.charCodeAt(nameEnd))) {
        this.emitText(start, lt, decode);
        const ltOffset = this.bufferOffset + lt;
        if (ltOffset > this.tokenEnd) this.eventEnd = ltOffset;
        this.mode = 'text';
        const next = this.finishEndTag(tag, nameEnd, final);
        if (next === NONE) {
          this.mode = decode ? 'rcdata' : 'raw';
          return this.hold(lt);
        }
        return next;
      }
      from = lt + 1;
    }
  }

  private emitText(start: number, end: number, decode: boolean): void {
    if (start >= end || !this.sink.wantsText()) return;
    let data = this.buffer.slice(start, end);
    if (decode && data.indexOf('&') >= 0) data = decodeHTML(data);
    this.sink.text(data, this.eventEnd);
    this.eventEnd = this.bufferOffset + end;
  }

  /** A tag, comment or declaration ended at `gt`; text follows. */
  private endToken(gt: number): number {
    const end = this.bufferOffset + gt + 1;
    this.tokenEnd = end;
    this.eventEnd = end;
    this.mode = 'text';
    return gt + 1;
  }
}
