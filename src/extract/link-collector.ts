import type { ExtractedLink, ResourceKind } from '../core/types.js';
import { cleanUrl } from './clean-url.js';
import { scanCss } from './css-scanner.js';
import type { LinkSink } from './element-links.js';
import { parseSrcset } from './srcset.js';
import { collapseText, TextCollector } from './text-collector.js';
import { UrlResolver } from './url-resolver.js';

export const TEXT_CAP = 200;

const SVG_REFERENCE_ELEMENTS = new Set(['use', 'image', 'feImage']);

/**
 * Builds the link records of one HTML document, element by element, up to a cap.
 * Links are stored unresolved: `<base href>` may still appear later, and per spec it applies
 * to every link in the document, so resolution waits for resolveAll().
 */
export class LinkCollector implements LinkSink {
  readonly links: ExtractedLink[] = [];
  truncated = false;

  private element = '';
  private elementLine = 1;
  /** Set by beginElementAt: where the element starts, its line not counted until a link needs it. */
  private elementPosition = -1;
  /** Lines of attributes that start on a later line than their tag; usually empty. */
  private readonly attributeLines = new Map<string, number>();

  private anchor: ExtractedLink | null = null;
  private readonly anchorText = new TextCollector(TEXT_CAP);
  private anchorImageAlt: string | null = null;
  private anchorFallback: string | undefined;

  /** `lineAt` maps a document offset to its line; needed only by beginElementAt. */
  constructor(
    private readonly maxLinks: number,
    private readonly lineAt: ((offset: number) => number) | null = null,
  ) {}

  get full(): boolean {
    return this.links.length >= this.maxLinks;
  }

  get inAnchor(): boolean {
    return this.anchor !== null;
  }

  beginElement(name: string, line: number): void {
    this.element = name;
    this.elementLine = line;
    this.elementPosition = -1;
    if (this.attributeLines.size > 0) this.attributeLines.clear();
  }

  /** Like beginElement, but the line of `offset` is only counted if the element yields a link. */
  beginElementAt(name: string, offset: number): void {
    this.element = name;
    this.elementPosition = offset;
    if (this.attributeLines.size > 0) this.attributeLines.clear();
  }

  noteAttributeLine(attribute: string, line: number): void {
    if (line !== this.currentElementLine() && !this.attributeLines.has(attribute)) this.attributeLines.set(attribute, line);
  }

  add(value: string | undefined, attribute: string, kind: ResourceKind, navigational: boolean, text?: string): void {
    if (value === undefined) return;
    this.push(value, this.element, attribute, kind, navigational, text === undefined ? '' : collapseText(text, TEXT_CAP), this.lineOf(attribute));
  }

  addSrcset(value: string | undefined, attribute: string, kind: ResourceKind, text?: string): void {
    if (value === undefined) return;
    if (this.full) {
      if (value.trim() !== '') this.truncated = true;
      return;
    }
    const line = this.lineOf(attribute);
    const label = text === undefined ? '' : collapseText(text, TEXT_CAP);
    for (const url of parseSrcset(value)) this.push(url, this.element, attribute, kind, false, label, line);
  }

  addAnchor(value: string | undefined, attribute: string, fallbackText: string | undefined): void {
    // A new <a> ends the text of one left open, as browsers' adoption agency effectively does.
    this.closeAnchor();
    if (value === undefined) return;
    const link = this.push(value, this.element, attribute, 'page', true, '', this.lineOf(attribute));
    if (link === null) return;
    this.anchor = link;
    this.anchorText.reset();
    this.anchorImageAlt = null;
    this.anchorFallback = fallbackText;
  }

  appendAnchorText(data: string): void {
    this.anchorText.append(data);
  }

  appendAnchorBreak(): void {
    this.anchorText.appendBreak();
  }

  /** An `<img alt>` inside the open `<a>`: the link's text when the anchor has no text of its own. */
  noteAnchorImageAlt(alt: string | undefined): void {
    if (this.anchorImageAlt === null && alt !== undefined && alt.trim() !== '') this.anchorImageAlt = alt;
  }

  closeAnchor(): void {
    const link = this.anchor;
    if (link === null) return;
    this.anchor = null;
    let text = this.anchorText.result();
    if (text === '' && this.anchorImageAlt !== null) text = collapseText(this.anchorImageAlt, TEXT_CAP);
    if (text === '' && this.anchorFallback !== undefined) text = collapseText(this.anchorFallback, TEXT_CAP);
    link.text = text;
  }

  /** URLs in a `style` attribute or `<style>` block; `startLine` is the line of css[0]. */
  addCss(css: string, element: string, startLine: number): void {
    if (this.full) {
      if (/url\(|@import/i.test(css)) this.truncated = true;
      return;
    }
    scanCss(css, startLine, (raw, attribute, kind, line) => this.push(raw, element, attribute, kind, false, '', line) !== null);
  }

  /**
   * `documentUrl` serves SVG fragment references (`<use href="#icon">`): browsers treat those as
   * same-document even under a `<base>`, unlike `<a href="#x">`, which really goes to base + #x.
   */
  resolveAll(base: string, documentUrl: string): void {
    const resolver = new UrlResolver(base);
    let documentResolver: UrlResolver | null = null;
    for (const link of this.links) {
      if (link.raw.charCodeAt(0) === 35 /* # */ && SVG_REFERENCE_ELEMENTS.has(link.element) && base !== documentUrl) {
        documentResolver ??= new UrlResolver(documentUrl);
        link.resolved = documentResolver.resolve(link.raw);
      } else {
        link.resolved = resolver.resolve(link.raw);
      }
    }
  }

  /** Line of an attribute of the current element: its own line when it sits below the tag name. */
  lineOf(attribute: string): number {
    if (this.attributeLines.size === 0) return this.currentElementLine();
    return this.attributeLines.get(attribute) ?? this.currentElementLine();
  }

  private currentElementLine(): number {
    if (this.elementPosition >= 0 && this.lineAt !== null) {
      this.elementLine = this.lineAt(this.elementPosition);
      this.elementPosition = -1;
    }
    return this.elementLine;
  }

  private push(
    value: string,
    element: string,
    attribute: string,
    kind: ResourceKind,
    navigational: boolean,
    text: string,
    line: number,
  ): ExtractedLink | null {
    const raw = cleanUrl(value);
    // An empty URL is the page itself: nothing new to check.
    if (raw === '') return null;
    if (this.full) {
      this.truncated = true;
      return null;
    }
    const link: ExtractedLink = { raw, resolved: null, element, attribute, text, line, kind, navigational };
    this.links.push(link);
    return link;
  }
}
