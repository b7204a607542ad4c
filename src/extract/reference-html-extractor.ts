import { Parser } from 'htmlparser2';
import { emitElementLinks, recordAttributes, type Attributes } from './element-links.js';
import {
  DEFAULT_MAX_LINKS,
  effectiveBase,
  HEADING_CAP,
  normaliseDocumentUrl,
  readMetaRobots,
  WORD_BREAKS,
  type HtmlExtraction,
  type HtmlExtractOptions,
} from './html-extraction.js';
import { LineCounter } from './line-counter.js';
import { LinkCollector } from './link-collector.js';
import { TextCollector } from './text-collector.js';

type RawText = 'none' | 'style' | 'script';

/**
 * The htmlparser2-based extractor that HtmlLinkExtractor replaced, kept as the reference that the
 * differential tests compare the hand-written scanner against. Not used by the engine.
 */
export class ReferenceHtmlLinkExtractor {
  private readonly parser: Parser;
  private readonly lines = new LineCounter();
  private readonly collector: LinkCollector;
  private readonly anchors = new Set<string>();
  private readonly robots = { nofollow: false, noindex: false };
  private baseHref: string | null = null;
  private svgDepth = 0;
  private rawText: RawText = 'none';
  private styleParts: string[] = [];
  private styleLine = -1;
  /** Non-null only while inside the document's first <title> (resp. <h1>), so other text costs nothing. */
  private titleText: TextCollector | null = null;
  private h1Text: TextCollector | null = null;
  private title: string | null = null;
  private h1: string | null = null;
  private titleSeen = false;
  private h1Seen = false;
  private result: HtmlExtraction | null = null;

  constructor(
    private readonly documentUrl: string,
    options: HtmlExtractOptions = {},
  ) {
    this.collector = new LinkCollector(options.maxLinks ?? DEFAULT_MAX_LINKS);
    this.parser = new Parser(
      {
        onopentagname: (name) => this.onOpenTagName(name),
        onattribute: (name) => this.collector.noteAttributeLine(name, this.lines.lineAt(this.parser.startIndex)),
        onopentag: (name, attribs) => this.onOpenTag(name, attribs),
        ontext: (data) => this.onText(data),
        onclosetag: (name) => this.onCloseTag(name),
      },
      { decodeEntities: true },
    );
  }

  write(chunk: string): void {
    if (this.result !== null) return;
    // The counter must hold the chunk before the parser fires callbacks that ask for lines in it.
    this.lines.push(chunk);
    this.parser.write(chunk);
  }

  end(): HtmlExtraction {
    if (this.result !== null) return this.result;
    this.parser.end();
    this.collector.closeAnchor();
    this.finishTitle();
    this.finishH1();
    const documentBase = normaliseDocumentUrl(this.documentUrl);
    const baseUrl = effectiveBase(this.baseHref, documentBase);
    this.collector.resolveAll(baseUrl, documentBase);
    this.result = {
      links: this.collector.links,
      anchors: this.anchors,
      title: this.title,
      h1: this.h1,
      baseUrl,
      linksTruncated: this.collector.truncated,
      metaRobots: this.robots,
    };
    return this.result;
  }

  private onOpenTagName(name: string): void {
    this.collector.beginElement(name, this.lines.lineAt(this.parser.startIndex));
    if (this.capturingText() && WORD_BREAKS.has(name)) this.breakText();
  }

  private onOpenTag(name: string, attribs: Attributes): void {
    const id = attribs.id;
    if (id !== undefined && id !== '') this.anchors.add(id);
    switch (name) {
      case 'a':
        if (attribs.name !== undefined && attribs.name !== '') this.anchors.add(attribs.name);
        break;
      case 'img':
        if (this.collector.inAnchor) this.collector.noteAnchorImageAlt(attribs.alt);
        break;
      case 'base':
        if (this.baseHref === null && attribs.href !== undefined) this.baseHref = attribs.href;
        break;
      case 'meta':
        readMetaRobots(recordAttributes(attribs), this.robots);
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
    const collector = this.collector;
    if (collector.full) {
      // Past the cap only anchors, title and base matter; one flag check keeps the rest of the page cheap.
      if (name === 'a') collector.closeAnchor();
      if (collector.truncated) return;
    }
    emitElementLinks(name, recordAttributes(attribs), collector);
    if (attribs.style !== undefined) collector.addCss(attribs.style, name, collector.lineOf('style'));
  }

  private onText(data: string): void {
    if (this.rawText !== 'none') {
      if (this.rawText === 'style') {
        if (this.styleLine < 0) this.styleLine = this.lines.lineAt(this.parser.startIndex);
        this.styleParts.push(data);
      }
      return;
    }
    if (this.collector.inAnchor) this.collector.appendAnchorText(data);
    if (this.titleText !== null) this.titleText.append(data);
    if (this.h1Text !== null) this.h1Text.append(data);
  }

  private onCloseTag(name: string): void {
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
    if (this.capturingText() && WORD_BREAKS.has(name)) this.breakText();
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

/** One-shot form of ReferenceHtmlLinkExtractor. */
export function extractHtmlReference(html: string, documentUrl: string, options: HtmlExtractOptions = {}): HtmlExtraction {
  const extractor = new ReferenceHtmlLinkExtractor(documentUrl, options);
  extractor.write(html);
  return extractor.end();
}
