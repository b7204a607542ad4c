import type { AttributeList } from './attribute-list.js';
import type { ScannerSink } from './html-scanner.js';
import { INTEGRATION_POINT, MATH_ROOT, SVG_ROOT, tagInfo, VOID, type TagInfo } from './tag-info.js';

/** Element-level events, in document order, with implied end tags made explicit. */
export interface ElementHandler {
  wantsText(): boolean;
  text(data: string, eventOffset: number): void;
  /** An element starts; its attributes follow in openTag unless the document ends inside the tag. */
  openTagName(tag: TagInfo, eventOffset: number): void;
  /** `attributes` is null for elements implied by an end tag (`</p>`, `</br>`). */
  openTag(tag: TagInfo, attributes: AttributeList | null): void;
  closeTag(tag: TagInfo): void;
}

type Namespace = 'html' | 'svg' | 'math';

const P = tagInfo('p');
const BR = tagInfo('br');
/** Elements that push a namespace when they open and pop it when they close. */
const NAMESPACE_CHANGE = SVG_ROOT | MATH_ROOT | INTEGRATION_POINT;

/**
 * Keeps the stack of open elements, so that the extractor learns when an `<a>`, `<h1>`, `<title>` or
 * `<style>` ends even without its end tag. Follows htmlparser2's simplified tree rules (implied end
 * tags, void elements, `</p>` and `</br>` quirks, SVG/MathML namespaces and name casing), which is what
 * the reference extractor saw; a full HTML tree builder is not needed to find links.
 */
export class HtmlTreeBuilder implements ScannerSink {
  /** Open elements, innermost last. */
  private readonly stack: TagInfo[] = [];
  /** Namespace of the content being read, innermost last; HTML integration points push 'html'. */
  private readonly namespaces: Namespace[] = ['html'];

  constructor(private readonly handler: ElementHandler) {}

  isInForeignContext(): boolean {
    return this.namespaces[this.namespaces.length - 1] !== 'html';
  }

  wantsText(): boolean {
    return this.handler.wantsText();
  }

  text(data: string, eventOffset: number): void {
    this.handler.text(data, eventOffset);
  }

  openTag(scanned: TagInfo, eventOffset: number, attributes: AttributeList): void {
    const tag = this.adjust(scanned);
    if (!this.open(tag, eventOffset)) return;
    // `/>` closes an element only in foreign content, judged after the element itself opened.
    if (attributes.selfClosing && this.isInForeignContext()) this.closeCurrent(tag, attributes);
    else this.endOpenTag(tag, attributes);
  }

  openTagUnfinished(scanned: TagInfo, eventOffset: number): void {
    this.open(this.adjust(scanned), eventOffset);
  }

  closeTag(scanned: TagInfo, eventOffset: number): void {
    const tag = this.adjust(scanned);
    if ((tag.flags & VOID) === 0) {
      const index = this.indexOf(tag.name);
      if (index >= 0) {
        while (this.stack.length > index) this.pop();
      } else if (tag === P) {
        // A stray </p> is an empty paragraph.
        this.open(P, eventOffset);
        this.closeCurrent(P, null);
      }
    } else if (tag === BR) {
      // A stray </br> is a <br>.
      this.handler.openTagName(BR, eventOffset);
      this.handler.openTag(BR, null);
      this.handler.closeTag(BR);
    }
  }

  /** End of document: every element still open ends, innermost first. */
  finish(): void {
    for (let index = this.stack.length - 1; index >= 0; index--) this.handler.closeTag(this.stack[index] as TagInfo);
  }

  /** Returns false for a start tag that is ignored (a `<form>` inside a form). */
  private open(tag: TagInfo, eventOffset: number): boolean {
    const stack = this.stack;
    if (tag.name === 'form' && this.indexOf('form') >= 0) return false;
    const closes = tag.closes;
    if (closes !== null) {
      while (stack.length > 0 && closes.has((stack[stack.length - 1] as TagInfo).name)) this.pop();
    }
    if ((tag.flags & VOID) === 0) {
      stack.push(tag);
      const flags = tag.flags;
      if ((flags & NAMESPACE_CHANGE) !== 0) this.namespaces.push(flags & SVG_ROOT ? 'svg' : flags & MATH_ROOT ? 'math' : 'html');
    }
    this.handler.openTagName(tag, eventOffset);
    return true;
  }

  private endOpenTag(tag: TagInfo, attributes: AttributeList | null): void {
    this.handler.openTag(tag, attributes);
    if ((tag.flags & VOID) !== 0) this.handler.closeTag(tag);
  }

  private closeCurrent(tag: TagInfo, attributes: AttributeList | null): void {
    this.endOpenTag(tag, attributes);
    if (this.stack[this.stack.length - 1] === tag) this.pop();
  }

  private pop(): void {
    const tag = this.stack.pop() as TagInfo;
    if ((tag.flags & NAMESPACE_CHANGE) !== 0) this.namespaces.pop();
    this.handler.closeTag(tag);
  }

  /** Stack position of the innermost open element named `name`, or -1. */
  private indexOf(name: string): number {
    const stack = this.stack;
    for (let index = stack.length - 1; index >= 0; index--) if ((stack[index] as TagInfo).name === name) return index;
    return -1;
  }

  /** SVG wants camelCase names (feImage), and HTML reads `<image>` as `<img>`. */
  private adjust(tag: TagInfo): TagInfo {
    const namespace = this.namespaces[this.namespaces.length - 1];
    if (namespace === 'svg') return tag.svg ?? tag;
    // The end tag of an SVG integration point (</foreignObject>) is read in HTML context.
    if (this.namespaces.length > 1 && tag.svg !== null && this.indexOf(tag.svg.name) >= 0) return tag.svg;
    if (namespace === 'html') return tag.html ?? tag;
    return tag;
  }
}
