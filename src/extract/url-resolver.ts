import { detachString } from '../core/detach-string.js';

/** Entries kept across documents; the whole cache is dropped when it grows past this. */
const SHARED_LIMIT = 50_000;

/**
 * Resolutions that hold for every base with the same directory (path-relative links), origin
 * (root-relative links) or scheme (absolute links), shared by all documents: menus, footers and
 * assets repeat the same hrefs on every page of a site, and URL parsing is the most expensive step
 * per link. The key carries that part of the base, so a hit is exactly what `new URL` would return.
 */
const shared = new Map<string, string | null>();

/** Schemes whose URLs have a host and a hierarchical path (WHATWG "special schemes", minus file:). */
const HIERARCHICAL = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

/**
 * Resolves link text against one base URL, remembering answers: navigation menus repeat the
 * same hrefs on every page, and URL parsing is the most expensive step per link.
 */
export class UrlResolver {
  private readonly cache = new Map<string, string | null>();
  /** Undefined when the base itself is unparseable: absolute links still resolve then. */
  private readonly base: string | undefined;
  /** Base scheme, with the colon; '' when the base is not hierarchical (no shared cache then). */
  private readonly scheme: string = '';
  /** `scheme//userinfo@host:port`: all a root-relative link takes from the base. */
  private readonly origin: string = '';
  /** The base up to the last `/` of its path: all a path-relative link takes from the base. */
  private readonly directory: string = '';

  constructor(base: string) {
    this.base = URL.canParse(base) ? base : undefined;
    if (this.base === undefined) return;
    const url = new URL(this.base);
    if (!HIERARCHICAL.has(url.protocol)) return;
    this.scheme = url.protocol;
    const pathStart = url.href.indexOf('/', url.protocol.length + 2);
    this.origin = pathStart < 0 ? url.href : url.href.slice(0, pathStart);
    this.directory = this.origin + url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
  }

  resolve(raw: string): string | null {
    const cached = this.cache.get(raw);
    if (cached !== undefined) return cached;
    const key = this.sharedKey(raw);
    let resolved = key === null ? undefined : shared.get(key);
    if (resolved === undefined) {
      try {
        resolved = new URL(raw, this.base).href;
      } catch {
        // An unparseable link is an outcome the engine reports (INVALID_URL), not an error here.
        resolved = null;
      }
      if (key !== null) {
        if (shared.size >= SHARED_LIMIT) shared.clear();
        // The key embeds `raw`, a slice of the page: detached, or the cache would keep pages alive.
        shared.set(detachString(key), resolved);
      }
    }
    this.cache.set(raw, resolved);
    return resolved;
  }

  /**
   * The part of the base that decides how `raw` resolves, joined with `raw`; null when the whole
   * base matters (`?q`, `#f`) or the form is unusual enough not to reason about (leading controls,
   * backslashes, `:` that may or may not start a scheme).
   */
  private sharedKey(raw: string): string | null {
    if (this.scheme === '' || raw.length === 0) return null;
    const first = raw.charCodeAt(0);
    if (first === 47 /* / */) {
      const second = raw.charCodeAt(1);
      // `//host` and `/\host` take only the scheme, but are rare enough to leave to the per-page cache.
      if (second === 47 || second === 92 /* \ */) return null;
      return `${this.origin}\n${raw}`;
    }
    if (first <= 32 || first === 35 /* # */ || first === 63 /* ? */ || first === 92) return null;
    const end = schemeEnd(raw);
    if (end >= 0 && raw.charCodeAt(end) === 58 /* : */) {
      const scheme = raw.slice(0, end + 1).toLowerCase();
      // `https:x` is relative to an https: base; with another scheme it ignores the base entirely.
      if (!/^[a-z][a-z0-9+.-]*:$/.test(scheme) || scheme === this.scheme) return null;
      return `\n${raw}`;
    }
    return `${this.directory}\n${raw}`;
  }
}

/** Index of the first `:`, `/`, `?` or `#` in value, or -1. */
function schemeEnd(value: string): number {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 58 || code === 47 || code === 63 || code === 35) return index;
  }
  return -1;
}
