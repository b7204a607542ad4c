import { extractHtml, HtmlLinkExtractor, type HtmlExtraction, type HtmlExtractOptions } from './html-extractor.js';
import { extractHtmlReference, ReferenceHtmlLinkExtractor } from './reference-html-extractor.js';

/** Both HTML extractors, so the behaviour tests run against the scanner and the htmlparser2 reference alike. */
export interface HtmlExtractorImplementation {
  name: string;
  extractHtml: (html: string, documentUrl: string, options?: HtmlExtractOptions) => HtmlExtraction;
  HtmlLinkExtractor: new (documentUrl: string, options?: HtmlExtractOptions) => { write(chunk: string): void; end(): HtmlExtraction };
}

export const HTML_EXTRACTORS: HtmlExtractorImplementation[] = [
  { name: 'scanner', extractHtml, HtmlLinkExtractor },
  { name: 'htmlparser2 reference', extractHtml: extractHtmlReference, HtmlLinkExtractor: ReferenceHtmlLinkExtractor },
];
