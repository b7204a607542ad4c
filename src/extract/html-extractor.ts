import { DEFAULT_MAX_LINKS, type HtmlExtraction, type HtmlExtractOptions } from './html-extraction.js';
import { HtmlLinkHandler } from './html-link-handler.js';
import { HtmlScanner } from './html-scanner.js';
import { HtmlTreeBuilder } from './html-tree-builder.js';
import { LineCounter } from './line-counter.js';

export type { HtmlExtraction, HtmlExtractOptions } from './html-extraction.js';

/**
 * Streaming link extraction: feed chunks as they arrive, get every link with its line number at end().
 * A purpose-built scanner (HtmlScanner) feeds an element stack (HtmlTreeBuilder) that feeds the
 * extraction rules (HtmlLinkHandler); never a DOM, so memory is bounded by the link cap rather than
 * the page size. Lines are counted only up to the links that need them.
 */
export class HtmlLinkExtractor {
  private readonly lines = new LineCounter();
  private readonly handler: HtmlLinkHandler;
  private readonly tree: HtmlTreeBuilder;
  private readonly scanner: HtmlScanner;
  private result: HtmlExtraction | null = null;

  constructor(
    private readonly documentUrl: string,
    options: HtmlExtractOptions = {},
  ) {
    this.handler = new HtmlLinkHandler(options.maxLinks ?? DEFAULT_MAX_LINKS, this.lines);
    this.tree = new HtmlTreeBuilder(this.handler);
    this.scanner = new HtmlScanner(this.tree);
  }

  write(chunk: string): void {
    if (this.result !== null) return;
    // The counter must hold the chunk before the scanner reports offsets in it.
    this.lines.push(chunk);
    this.scanner.write(chunk);
  }

  end(): HtmlExtraction {
    if (this.result !== null) return this.result;
    this.scanner.end();
    this.tree.finish();
    this.result = this.handler.finish(this.documentUrl);
    return this.result;
  }
}

/** One-shot form of HtmlLinkExtractor for a document already in memory. */
export function extractHtml(html: string, documentUrl: string, options: HtmlExtractOptions = {}): HtmlExtraction {
  const extractor = new HtmlLinkExtractor(documentUrl, options);
  extractor.write(html);
  return extractor.end();
}
