import type { FetchText } from './fetch-text.js';
import { loadSitemaps, type SitemapLoadResult } from './sitemaps.js';

const MAX_SITEMAP_FILES = 1000;

/** Sitemaps seed the crawl so pages that nothing links to are still scanned. */
export function loadSitemapsInto(
  seeds: string[],
  fetchText: FetchText,
  options: { maxUrls: number; isWanted: (url: string) => boolean },
): Promise<SitemapLoadResult> {
  const unique = [...new Set(seeds)];
  return loadSitemaps(unique, fetchText, { maxUrls: options.maxUrls, maxSitemaps: MAX_SITEMAP_FILES, isWanted: options.isWanted });
}
