import type { AttributeList } from './attribute-list.js';
import type { ScannerSink } from './html-scanner.js';
import { HTML_INTEGRATION_ELEMENTS, OPEN_IMPLIES_CLOSE, SVG_TAG_NAMES, VOID_ELEMENTS } from './html-tag-rules.js';

/** Element-level events, in document order, with implied end tags made explicit. */
export interface ElementHandler {
  wantsText(): boolean;
  text(data: string, eventOffset: number): void;
  /** An element starts; its attributes follow in openTag unless the document ends inside the tag. */
  openTagName(name: string, eventOffset: number): void;
  /** `attributes` is null for elements implied by an end tag (`</p>`, `</br>`). */
  openTag(name: string, attributes: AttributeList | null): void;
  closeTag(name: string): void;
}

type Namespace = 'html' | 'svg' | 'math';

/**
 * Keeps the stack of open elements, so that the extractor learns when an `<a>`, `<h1>`, `<title>` or
 * `<style>` ends even without its end tag. Follows htmlparser2's simplified tree rules (implied end
 * tags, void elements, `</p>` and `</br>` quirks, SVG/MathML namespaces and name casing), which is what
 * the reference extractor saw; a full HTML tree builder is not needed to find links.
 */
export class HtmlTreeBuilder implements ScannerSink {
  /** Open elements, innermost last. */
  private readonly stack: string[] = [];
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

  openTag(rawName: string, eventOffset: number, attributes: AttributeList): void {
    const name = this.adjustName(rawName);
    if (!this.open(name, eventOffset)) return;
    // `/>` closes an element only in foreign content, judged after the element itself opened.
    if (attributes.selfClosing && this.isInForeignContext()) this.closeCurrent(name, attributes);
    else this.endOpenTag(name, attributes);
  }

  openTagUnfinished(rawName: string, eventOffset: number): void {
    this.open(this.adjustName(rawName), eventOffset);
  }

  closeTag(rawName: string, eventOffset: number): void {
    const name = this.adjustName(rawName);
    if (!VOID_ELEMENTS.has(name)) {
      const index = this.stack.lastIndexOf(name);
      if (index >= 0) {
        while (this.stack.length > index) this.pop();
      } else if (name === 'p') {
        // A stray </p> is an empty paragraph.
        this.open('p', eventOffset);
        this.closeCurrent('p', null);
      }
    } else if (name === 'br') {
      // A stray </br> is a <br>.
      this.handler.openTagName('br', eventOffset);
      this.handler.openTag('br', null);
      this.handler.closeTag('br');
    }
  }

  /** End of document: every element still open ends, innermost first. */
  finish(): void {
    for (let index = this.stack.length - 1; index >= 0; index--) this.handler.closeTag(this.stack[index] as string);
  }

  /** Returns false for a start tag that is ignored (a `<form>` inside a form). */
  private open(name: string, eventOffset: number): boolean {
    const stack = this.stack;
    if (name === 'form' && stack.includes('form')) return false;
    const closes = OPEN_IMPLIES_CLOSE.get(name);
    if (closes !== undefined) {
      while (stack.length > 0 && closes.has(stack[stack.length - 1] as string)) this.pop();
    }
    if (!VOID_ELEMENTS.has(name)) {
      stack.push(name);
      if (name === 'svg') this.namespaces.push('svg');
      else if (name === 'math') this.namespaces.push('math');
      else if (HTML_INTEGRATION_ELEMENTS.has(name)) this.namespaces.push('html');
    }
    this.handler.openTagName(name, eventOffset);
    return true;
  }

  private endOpenTag(name: string, attributes: AttributeList | null): void {
    this.handler.openTag(name, attributes);
    if (VOID_ELEMENTS.has(name)) this.handler.closeTag(name);
  }

  private closeCurrent(name: string, attributes: AttributeList | null): void {
    this.endOpenTag(name, attributes);
    if (this.stack[this.stack.length - 1] === name) this.pop();
  }

  private pop(): void {
    const name = this.stack.pop() as string;
    if (name === 'svg' || name === 'math' || HTML_INTEGRATION_ELEMENTS.has(name)) this.namespaces.pop();
    this.handler.closeTag(name);
  }

  /** Tag names arrive lower-cased; SVG wants camelCase, and HTML reads `<image>` as `<img>`. */
  private adjustName(name: string): string {
    const namespace = this.namespaces[this.namespaces.length - 1];
    if (namespace === 'svg') return SVG_TAG_NAMES.get(name) ?? name;
    if (this.namespaces.length > 1) {
      // The end tag of an SVG integration point (</foreignObject>) is read in HTML context.
      const adjusted = SVG_TAG_NAMES.get(name);
      if (adjusted !== undefined && this.stack.includes(adjusted)) return adjusted;
    }
    if (namespace === 'html') return name === 'image' ? 'img' : name;
    return name;
  }
}
