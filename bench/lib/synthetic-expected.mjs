// Ground truth for the synthetic site: what a correct checker should find, computed from the model.
import { MIN_SECTIONS, pageLinks, route } from './synthetic-model.mjs';

/** @typedef {import('./synthetic-model.mjs').SiteShape} SiteShape */

/**
 * @typedef {object} ExpectedFigures
 * @property {number} pages HTML pages reachable from `/`.
 * @property {number} linkOccurrences Links in all pages (with duplicates).
 * @property {number} internalUrls Unique same-host URLs linked (fragments stripped).
 * @property {number} internalBroken Of those, how many end (after redirects) in a 4xx/5xx.
 * @property {number} externalUrls Unique URLs on the external hosts.
 * @property {number} externalBroken
 * @property {number} redirectedUrls Unique URLs (both kinds) that answer with a redirect.
 * @property {number} fragmentLinks Unique `page#id` links.
 * @property {number} missingFragments Of those, ids that don't exist on the target page.
 */

/**
 * @param {SiteShape} shape
 * @param {number} host
 * @param {string} path
 * @returns {{ status: number, redirected: boolean }}
 */
function finalStatus(shape, host, path) {
  let current = path;
  let redirected = false;
  for (let hop = 0; hop < 10; hop++) {
    const r = route(shape, host, current);
    if (r.status < 300 || r.status >= 400 || r.location === undefined) return { status: r.status, redirected };
    redirected = true;
    current = r.location;
  }
  return { status: 0, redirected };
}

/**
 * @param {SiteShape} shape
 * @returns {ExpectedFigures}
 */
export function expectedFigures(shape) {
  /** @type {Set<string>} */
  const urls = new Set();
  /** @type {Set<string>} */
  const fragments = new Set();
  const figures = {
    pages: shape.pages,
    linkOccurrences: 0,
    internalUrls: 0,
    internalBroken: 0,
    externalUrls: 0,
    externalBroken: 0,
    redirectedUrls: 0,
    fragmentLinks: 0,
    missingFragments: 0,
  };
  for (let i = 0; i < shape.pages; i++) {
    for (const l of pageLinks(shape, i)) {
      figures.linkOccurrences++;
      const key = `${l.host}|${l.path}`;
      if (l.fragment !== '') {
        const fkey = `${key}#${l.fragment}`;
        if (!fragments.has(fkey)) {
          fragments.add(fkey);
          figures.fragmentLinks++;
          if (!/^section-[0-9]+$/.test(l.fragment) || Number(l.fragment.slice(8)) > MIN_SECTIONS) {
            figures.missingFragments++;
          }
        }
      }
      if (urls.has(key)) continue;
      urls.add(key);
      const { status, redirected } = finalStatus(shape, l.host, l.path);
      const broken = status === 0 || status >= 400;
      if (redirected) figures.redirectedUrls++;
      if (l.host === 0) {
        figures.internalUrls++;
        if (broken) figures.internalBroken++;
      } else {
        figures.externalUrls++;
        if (broken) figures.externalBroken++;
      }
    }
  }
  return figures;
}
