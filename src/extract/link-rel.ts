import type { ResourceKind } from '../core/types.js';

export interface LinkTarget {
  kind: ResourceKind;
  navigational: boolean;
}

const STYLESHEET: LinkTarget = { kind: 'stylesheet', navigational: false };
const IMAGE: LinkTarget = { kind: 'image', navigational: false };
const PAGE: LinkTarget = { kind: 'page', navigational: true };
const OTHER: LinkTarget = { kind: 'other', navigational: false };

/**
 * Rels whose href is not a resource to fetch: connection hints name an origin, not a document,
 * and pingback/webmention endpoints only answer POST, so a GET check would be a false report.
 */
const NOT_A_RESOURCE = new Set(['preconnect', 'dns-prefetch', 'pingback', 'webmention']);

const SINGLE_TOKEN = /^[^\t\n\f\r ]+$/;

const PAGE_RELS = new Set(['canonical', 'alternate', 'next', 'prev', 'previous', 'prerender', 'amphtml']);
const ICON_RELS = new Set(['icon', 'apple-touch-icon', 'apple-touch-icon-precomposed', 'mask-icon', 'fluid-icon']);

/**
 * What a `<link href>` points at, from its rel tokens (and `as`/`type`), or null when it is a hint
 * rather than something to check. The most specific rel wins: `alternate stylesheet` is a stylesheet.
 */
export function classifyLinkRel(rel: string | undefined, as: string | undefined, type: string | undefined): LinkTarget | null {
  if (rel === undefined) return OTHER;
  // Most rels are one plain token: no split, no array of tokens.
  const tokens = SINGLE_TOKEN.test(rel) ? [rel.toLowerCase()] : rel.toLowerCase().split(/[\t\n\f\r ]+/).filter((token) => token !== '');
  if (tokens.length === 0) return OTHER;
  if (tokens.includes('stylesheet')) return STYLESHEET;
  if (tokens.some((token) => ICON_RELS.has(token))) return IMAGE;
  if (tokens.includes('modulepreload')) return { kind: 'script', navigational: false };
  if (tokens.includes('preload') || tokens.includes('prefetch')) return preloadTarget(as);
  if (tokens.includes('manifest')) return OTHER;
  if (tokens.some((token) => PAGE_RELS.has(token))) return isHtmlType(type) ? PAGE : OTHER;
  if (tokens.every((token) => NOT_A_RESOURCE.has(token))) return null;
  return OTHER;
}

function preloadTarget(as: string | undefined): LinkTarget {
  switch (as?.trim().toLowerCase()) {
    case 'font':
      return { kind: 'font', navigational: false };
    case 'image':
      return IMAGE;
    case 'script':
    case 'worker':
      return { kind: 'script', navigational: false };
    case 'style':
      return STYLESHEET;
    case 'audio':
    case 'video':
    case 'track':
      return { kind: 'media', navigational: false };
    case 'document':
      return { kind: 'page', navigational: false };
    default:
      return OTHER;
  }
}

/** Feeds (`alternate` + `application/rss+xml`) are not pages to crawl, but hreflang alternates are. */
function isHtmlType(type: string | undefined): boolean {
  if (type === undefined) return true;
  const essence = type.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return essence === '' || essence === 'text/html' || essence === 'application/xhtml+xml';
}
