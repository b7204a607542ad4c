import { detachString } from '../core/detach-string.js';

/** Entries kept across documents; everything is dropped when they grow past this. */
const SHARED_LIMIT = 50_000;

/**
 * Resolutions that hold for every base with the same directory (path-relative links), origin
 * (root-relative links) or none at all (absolute links), shared by all documents: menus, footers and
 * assets repeat the same hrefs on every page of a site, and URL parsing is the most expensive step
 * per link. Keyed by that part of the base, then by the raw link, so a hit is exactly what
 * `new URL(raw, base)` would return.
 */
let shared = new Map<string, Map<string, string | null>>();
let sharedEntries = 0;

function sharedMap(key: string): Map<string, string | null> {
  let map = shared.get(key);
  if (map === undefined) {
    map = new Map();
    shared.set(key, map);
  }
  return map;
}

/** Schemes whose URLs have a host and a hierarchical path (WHATWG "special schemes", minus file:). */
const HIERARCHICAL = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

const NOT_SHARED = 0;
const PATH_RELATIVE = 1;
const ROOT_RELATIVE = 2;
const ABSOLUTE = 3;

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
  /** Shared resolutions of path-relative links for the base's directory, root-relative ones for its origin, absolute ones. */
  private readonly byDirectory: Map<string, string | null> | null = null;
  private readonly byOrigin: Map<string, string | null> | null = null;
  private readonly absolute: Map<string, string | null> | null = null;

  constructor(base: string) {
    this.base = URL.canParse(base) ? base : undefined;
    if (this.base === undefined) return;
    const url = new URL(this.base);
    if (!HIERARCHICAL.has(url.protocol)) return;
    this.scheme = url.protocol;
    // `scheme//userinfo@host:port` is all a root-relative link takes from the base; the directory
    // (up to the last `/` of the path) all a path-relative one takes.
    const pathStart = url.href.indexOf('/', url.protocol.length + 2);
    const origin = pathStart < 0 ? url.href : url.href.slice(0, pathStart);
    this.byOrigin = sharedMap(`${origin}\n`);
    this.byDirectory = sharedMap(origin + url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1));
    this.absolute = sharedMap('');
  }

  resolve(raw: string): string | null {
    const kind = this.sharedKind(raw);
    const map = (kind === PATH_RELATIVE ? this.byDirectory : kind === ROOT_RELATIVE ? this.byOrigin : kind === ABSOLUTE ? this.absolute : null) ?? this.cache;
    const cached = map.get(raw);
    if (cached !== undefined) return cached;
    let resolved: string | null;
    try {
      resolved = new URL(raw, this.base).href;
    } catch {
      // An unparseable link is an outcome the engine reports (INVALID_URL), not an error here.
      resolved = null;
    }
    if (map === this.cache) {
      map.set(raw, resolved);
      return resolved;
    }
    if (++sharedEntries > SHARED_LIMIT) {
      // Maps held by live resolvers stay usable; they are just no longer shared.
      shared = new Map();
      sharedEntries = 0;
    }
    // `raw` is a slice of the page: detached, or the shared cache would keep pages alive.
    map.set(detachString(raw), resolved);
    return resolved;
  }

  /**
   * Which part of the base decides how `raw` resolves; NOT_SHARED when the whole base matters
   * (`?q`, `#f`) or the form is unusual enough not to reason about (leading controls, backslashes,
   * `//host`, a `:` that may or may not end a scheme).
   */
  private sharedKind(raw: string): number {
    if (this.scheme === '' || raw.length === 0) return NOT_SHARED;
    const first = raw.charCodeAt(0);
    if (first === 47 /* / */) {
      const second = raw.charCodeAt(1);
      // `//host` and `/\host` take only the scheme, but are rare enough to leave to the per-page cache.
      if (second === 47 || second === 92 /* \ */) return NOT_SHARED;
      return ROOT_RELATIVE;
    }
    if (first <= 32 || first === 35 /* # */ || first === 63 /* ? */ || first === 92) return NOT_SHARED;
    const end = schemeEnd(raw);
    if (end >= 0 && raw.charCodeAt(end) === 58 /* : */) {
      const scheme = raw.slice(0, end + 1).toLowerCase();
      // `https:x` is relative to an https: base; with another scheme it ignores the base entirely.
      if (!/^[a-z][a-z0-9+.-]*:$/.test(scheme) || scheme === this.scheme) return NOT_SHARED;
      return ABSOLUTE;
    }
    return PATH_RELATIVE;
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
