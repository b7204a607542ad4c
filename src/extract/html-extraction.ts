import type { ExtractedLink } from '../core/types.js';
import { cleanUrl } from './clean-url.js';
import type { AttributeSource } from './element-links.js';

/** What one HTML document links to and declares, as both extractors report it. */
export interface HtmlExtraction {
  links: ExtractedLink[];
  /** Every id="" and <a name="">, case-sensitive, for #fragment checks. */
  anchors: Set<string>;
  /** <title> text, whitespace-collapsed; null when missing or empty. */
  title: string | null;
  /** First <h1> text; null when missing or empty. */
  h1: string | null;
  /** Effective base after <base href>. */
  baseUrl: string;
  linksTruncated: boolean;
  metaRobots: MetaRobots;
}

export interface MetaRobots {
  nofollow: boolean;
  noindex: boolean;
}

export interface HtmlExtractOptions {
  /** Links kept per document; beyond it parsing continues for anchors and title only. */
  maxLinks?: number;
}

export const DEFAULT_MAX_LINKS = 20_000;
export const HEADING_CAP = 512;

/** Elements that separate words when read, so "a<br>b" becomes "a b" rather than "ab". */
export const WORD_BREAKS: ReadonlySet<string> = new Set(['br', 'p', 'div', 'li', 'td', 'th', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'dt', 'dd']);

/** Applies `<meta name="robots" content="...">` to `robots`; other metas leave it alone. */
export function readMetaRobots(attribs: AttributeSource, robots: MetaRobots): void {
  const content = attribs.get('content');
  if (attribs.get('name')?.trim().toLowerCase() !== 'robots' || content === undefined) return;
  for (const token of content.toLowerCase().split(/[\s,]+/)) {
    if (token === 'noindex' || token === 'none') robots.noindex = true;
    if (token === 'nofollow' || token === 'none') robots.nofollow = true;
  }
}

export function normaliseDocumentUrl(documentUrl: string): string {
  try {
    return new URL(documentUrl).href;
  } catch {
    // Keep the caller's string: relative links will resolve to null, which the engine reports.
    return documentUrl;
  }
}

/** The first <base href>, resolved against the document URL; the document URL when absent or unparseable. */
export function effectiveBase(baseHref: string | null, documentBase: string): string {
  if (baseHref === null) return documentBase;
  try {
    return new URL(cleanUrl(baseHref), documentBase).href;
  } catch {
    return documentBase;
  }
}
