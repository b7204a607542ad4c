import type { ExtractedLink } from '../core/types.js';
import { decodeBody } from './decode-body.js';
import { extractHtml } from './html-extractor.js';

/** What the engine needs from one HTML page: plain data, so it can cross a worker boundary. */
export interface PageAnalysis {
  links: ExtractedLink[];
  anchors: string[];
  title: string | null;
  h1: string | null;
  linksTruncated: boolean;
}

export interface PageAnalysisRequest {
  body: Uint8Array;
  contentType: string | null;
  documentUrl: string;
  maxLinks: number;
}

export function analysePage(request: PageAnalysisRequest): PageAnalysis {
  const { text } = decodeBody(request.body, request.contentType);
  const page = extractHtml(text, request.documentUrl, { maxLinks: request.maxLinks });
  return { links: page.links, anchors: [...page.anchors], title: page.title, h1: page.h1, linksTruncated: page.linksTruncated };
}
