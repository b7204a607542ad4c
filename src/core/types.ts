import type { ErrorCode } from './error-codes.js';

/** What kind of resource a link points at, judged from the element that holds it (and later the response). */
export type ResourceKind =
  | 'page'
  | 'image'
  | 'script'
  | 'stylesheet'
  | 'font'
  | 'media'
  | 'document'
  | 'frame'
  | 'other';

/** One place in a page (or stylesheet) where a URL appears. */
export interface LinkOccurrence {
  /** Absolute URL of the page or CSS file that contains the link. */
  page: string;
  /** Element name (`a`, `img`, `link`, `style`, `css` for a linked stylesheet, `sitemap`, ...). */
  element: string;
  /** Attribute or construct (`href`, `srcset`, `url()`, `@import`, `content`, ...). */
  attribute: string;
  /** Anchor text, alt text or title; trimmed, collapsed whitespace, capped in length. */
  text: string;
  /** 1-based line number in the source document. */
  line: number;
}

/** A link as the extractor found it, before the engine dedupes it. */
export interface ExtractedLink {
  /** The attribute value as written (entities decoded, whitespace trimmed). */
  raw: string;
  /** Absolute URL resolved against the document base, or null when it cannot be parsed. */
  resolved: string | null;
  element: string;
  attribute: string;
  text: string;
  line: number;
  /** Best guess of what the target is, from the element/attribute/rel. */
  kind: ResourceKind;
  /** True for links the crawler may follow to find more pages (a/area/iframe/frame/meta refresh...). */
  navigational: boolean;
}

/** One hop of a redirect chain. */
export interface RedirectHop {
  url: string;
  status: number;
  /** Absolute target of the Location header, or null when missing/invalid. */
  location: string | null;
}

export type HttpMethod = 'HEAD' | 'GET';

/** The outcome of checking one URL (after following redirects). */
export interface CheckResult {
  /** Normalised URL that was checked (no fragment). */
  url: string;
  /** URL that finally answered (after redirects). */
  finalUrl: string;
  /** Final HTTP status, or null when no HTTP response was obtained. */
  status: number | null;
  /** Engine outcome code, or null for a plain HTTP result. */
  error: ErrorCode | null;
  /** Human detail for the error (e.g. the OS error code), never used for classification. */
  errorDetail: string | null;
  redirects: RedirectHop[];
  contentType: string | null;
  /** Method of the request that produced the final answer. */
  method: HttpMethod | null;
  /** Wall time of the whole check including retries, in ms. */
  durationMs: number;
  /** Number of retries spent. */
  retries: number;
}
