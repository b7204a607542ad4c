/**
 * The identity of a URL within a scan: WHATWG-parsed (which already lowercases scheme and host,
 * drops default ports and percent-encodes), with the fragment split off, because `page#a` and
 * `page#b` are one fetch and two anchor checks.
 */
export interface NormalizedUrl {
  /** Absolute URL without fragment: the dedupe key. */
  key: string;
  /** Fragment without '#', or null when absent or empty. */
  fragment: string | null;
  url: URL;
}

export function normalizeUrl(absolute: string): NormalizedUrl | null {
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    return null;
  }
  const fragment = url.hash.length > 1 ? url.hash.slice(1) : null;
  url.hash = '';
  // `/a?` and `/a` reach the server as the same request (HTTP clients drop an empty query).
  if (url.search === '' && url.href.endsWith('?')) url.search = '';
  return { key: url.href, fragment, url };
}

export function isHttpUrl(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/**
 * The same split as normalizeUrl for an href that is already WHATWG-serialised (what the
 * extractor returns), without parsing it again: the hot path runs once per link on every page.
 */
export function splitSerializedHref(href: string): { key: string; fragment: string | null } {
  const hashIndex = href.indexOf('#');
  let key = hashIndex === -1 ? href : href.slice(0, hashIndex);
  const fragment = hashIndex === -1 || hashIndex === href.length - 1 ? null : href.slice(hashIndex + 1);
  if (key.endsWith('?')) key = key.slice(0, -1);
  return { key, fragment };
}
