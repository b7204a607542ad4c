import type { AttributeList } from './attribute-list.js';
import { emitElementLinks, NO_ATTRIBUTES, type AttributeSource } from './element-links.js';
import {
  effectiveBase,
  HEADING_CAP,
  normaliseDocumentUrl,
  readMetaRobots,
  type HtmlExtraction,
} from './html-extraction.js';
import type { ElementHandler } from './html-tree-builder.js';
import { CLOSE_RULE, OPEN_RULE, URL_ATTRIBUTES, WORD_BREAK, type TagInfo } from './tag-info.js';
import type { LineCounter } from './line-counter.js';
import { LinkCollector } from './link-collector.js';
import { TextCollector } from './text-collector.js';

type RawText = 'none' | 'style' | 'script';

/**
 * Turns element events into the document's links, anchors, title, h1, base and robots directives.
 * Text is asked for (wantsText) only inside `<a>`, the first `<title>` and `<h1>`, and `<style>`.
 */
export class HtmlLinkHandler implements ElementHandler {
  private readonly collector: LinkCollector;
  private readonly anchors = new Set<string>();
  private readonly robots = { nofollow: false, noindex: false };
  private baseHref: string | null = null;
  private svgDepth = 0;
  private rawText: RawText = 'none';
  private styleParts: string[] = [];
  private styleLine = -1;
  /** Where the current element's line is counted from. */
  private elementOffset = 0;
  /** Non-null only while inside the document's first <title> (resp. <h1>), so other text costs nothing. */
  private titleText: TextCollector | null = null;
  private h1Text: TextCollector | null = null;
  private title: string | null = null;
  private h1: string | null = null;
  private titleSeen = false;
  private h1Seen = false;

  constructor(
    maxLinks: number,
    private readonly lines: LineCounter,
  ) {
    this.collector = new LinkCollector(maxLinks, (offset) => lines.lineAt(offset));
  }

  wantsText(): boolean {
    const rawText = this.rawText;
    if (rawText === 'none') return this.capturingText();
    return rawText === 'style';
  }

  text(data: string, eventOffset: number): void {
    if (this.rawText !== 'none') {
      if (this.rawText === 'style') {
        if (this.styleLine < 0) this.styleLine = this.lines.lineAt(eventOffset);
        this.styleParts.push(data);
      }
      return;
    }
    if (this.collector.inAnchor) this.collector.appendAnchorText(data);
    if (this.titleText !== null) this.titleText.append(data);
    if (this.h1Text !== null) this.h1Text.append(data);
  }

  openTagName(tag: TagInfo, eventOffset: number): void {
    this.elementOffset = eventOffset;
    this.collector.beginElementAt(tag.name, eventOffset);
    if ((tag.flags & WORD_BREAK) !== 0 && this.capturingText()) this.breakText();
  }

  openTag(tag: TagInfo, attributes: AttributeList | null): void {
    const name = tag.name;
    const attribs = attributes === null || attributes.count === 0 ? NO_ATTRIBUTES : attributes;
    const readsUrls = (tag.flags & URL_ATTRIBUTES) !== 0;
    const id = attribs.get('id');
    const style = attribs.get('style');
    if (attributes !== null && (readsUrls || style !== undefined) && attributes.spansLines(this.elementOffset)) {
      this.noteAttributeLines(name, attributes);
    }
    if (id !== undefined && id !== '') this.anchors.add(id);
    if ((tag.flags & OPEN_RULE) !== 0) this.openRule(name, attribs);
    const collector = this.collector;
    if (collector.full) {
      // Past the cap only anchors, title and base matter; one flag check keeps the rest of the page cheap.
      if (name === 'a') collector.closeAnchor();
      if (collector.truncated) return;
    }
    if (readsUrls) emitElementLinks(name, attribs, collector);
    if (style !== undefined) collector.addCss(style, name, collector.lineOf('style'));
  }

  private openRule(name: string, attribs: AttributeSource): void {
    switch (name) {
      case 'a': {
        const anchorName = attribs.get('name');
        if (anchorName !== undefined && anchorName !== '') this.anchors.add(anchorName);
        break;
      }
      case 'img':
        if (this.collector.inAnchor) this.collector.noteAnchorImageAlt(attribs.get('alt'));
        break;
      case 'base': {
        const href = attribs.get('href');
        if (this.baseHref === null && href !== undefined) this.baseHref = href;
        break;
      }
      case 'meta':
        readMetaRobots(attribs, this.robots);
        break;
      case 'style':
        this.rawText = 'style';
        this.styleParts = [];
        this.styleLine = -1;
        break;
      case 'script':
        this.rawText = 'script';
        break;
      case 'svg':
        this.svgDepth++;
        break;
      case 'title':
        if (!this.titleSeen && this.svgDepth === 0) this.titleText = new TextCollector(HEADING_CAP);
        break;
      case 'h1':
        if (!this.h1Seen) this.h1Text = new TextCollector(HEADING_CAP);
        break;
    }
  }

  closeTag(tag: TagInfo): void {
    if ((tag.flags & CLOSE_RULE) !== 0) this.closeRule(tag.name);
    else if ((tag.flags & WORD_BREAK) !== 0 && this.capturingText()) this.breakText();
  }

  private closeRule(name: string): void {
    switch (name) {
      case 'a':
        this.collector.closeAnchor();
        return;
      case 'style':
        if (this.rawText === 'style' && this.styleParts.length > 0) {
          this.collector.addCss(this.styleParts.join(''), 'style', this.styleLine);
        }
        this.styleParts = [];
        this.rawText = 'none';
        return;
      case 'script':
        this.rawText = 'none';
        return;
      case 'svg':
        if (this.svgDepth > 0) this.svgDepth--;
        return;
      case 'title':
        this.finishTitle();
        return;
      case 'h1':
        this.finishH1();
        return;
    }
  }

  /** The document ended: close what is open and resolve every link against the effective base. */
  finish(documentUrl: string): HtmlExtraction {
    this.collector.closeAnchor();
    this.finishTitle();
    this.finishH1();
    const documentBase = normaliseDocumentUrl(documentUrl);
    const baseUrl = effectiveBase(this.baseHref, documentBase);
    this.collector.resolveAll(baseUrl, documentBase);
    return {
      links: this.collector.links,
      anchors: this.anchors,
      title: this.title,
      h1: this.h1,
      baseUrl,
      linksTruncated: this.collector.truncated,
      metaRobots: this.robots,
    };
  }

  /**
   * A tag spread over several lines: links report the line of their attribute. Counted eagerly,
   * element first, so that line queries stay in document order.
   */
  private noteAttributeLines(name: string, attributes: AttributeList): void {
    this.collector.beginElement(name, this.lines.lineAt(this.elementOffset));
    for (let k = 0; k < attributes.count; k++) {
      this.collector.noteAttributeLine(attributes.name(k), this.lines.lineAt(attributes.offset(k)));
    }
  }

  private capturingText(): boolean {
    return this.collector.inAnchor || this.titleText !== null || this.h1Text !== null;
  }

  private breakText(): void {
    if (this.collector.inAnchor) this.collector.appendAnchorBreak();
    this.titleText?.appendBreak();
    this.h1Text?.appendBreak();
  }

  private finishTitle(): void {
    if (this.titleText === null) return;
    const text = this.titleText.result();
    this.title = text === '' ? null : text;
    this.titleText = null;
    this.titleSeen = true;
  }

  private finishH1(): void {
    if (this.h1Text === null) return;
    const text = this.h1Text.result();
    this.h1 = text === '' ? null : text;
    this.h1Text = null;
    this.h1Seen = true;
  }
}
