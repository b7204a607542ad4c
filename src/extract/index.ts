/**
 * Link extraction: what a page or stylesheet links to, where, and how it is decoded.
 * The engine depends on this barrel only; everything else in the folder is internal.
 */
export { extractHtml, HtmlLinkExtractor, type HtmlExtraction, type HtmlExtractOptions } from './html-extractor.js';
export { extractCss, type CssExtractOptions } from './css-extractor.js';
export { parseSrcset } from './srcset.js';
export { decodeBody, type DecodedBody } from './decode-body.js';
export { validateDataUrl, validateMailto, type SchemeValidation } from './special-schemes.js';
