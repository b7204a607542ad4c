import type { ExtractedLink } from '../core/types.js';
import { scanCss } from './css-scanner.js';
import { UrlResolver } from './url-resolver.js';

export interface CssExtractOptions {
  /** Element recorded on each link: `style` for a `<style>` block, the host element for `style=""`, `css` for a file. */
  element?: string;
  /** Line of css[0] in the host document, so links inside an HTML `<style>` point at the right line. */
  startLine?: number;
  maxLinks?: number;
}

const DEFAULT_MAX_LINKS = 20_000;

/**
 * Finds the URLs in CSS text (`url()`, `@import`, `image-set()` strings), resolved against
 * `documentUrl`, which for a linked stylesheet is the stylesheet's own URL.
 */
export function extractCss(css: string, documentUrl: string, options: CssExtractOptions = {}): ExtractedLink[] {
  const element = options.element ?? 'css';
  const maxLinks = options.maxLinks ?? DEFAULT_MAX_LINKS;
  const resolver = new UrlResolver(documentUrl);
  const links: ExtractedLink[] = [];
  if (maxLinks <= 0) return links;
  scanCss(css, options.startLine ?? 1, (raw, attribute, kind, line) => {
    links.push({ raw, resolved: resolver.resolve(raw), element, attribute, text: '', line, kind, navigational: false });
    return links.length < maxLinks;
  });
  return links;
}
