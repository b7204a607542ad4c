// The synthetic site as pure functions of (shape, page index): which links a page holds, and what
// each URL answers. The server renders from this; the runner reads the expected figures from it.
import { mixSeed, mulberry32, randInt } from './prng.mjs';

/**
 * @typedef {object} SiteShape
 * @property {number} pages Number of HTML pages (page 0 is the home page `/`).
 * @property {number} linksPerPage Target number of links per page (mandatory ones may exceed it).
 * @property {number} seed
 * @property {number} branching Children per page in the navigation tree.
 * @property {number} externalHosts Number of "external" hosts (127.0.0.2 …).
 */

/**
 * @typedef {'page' | 'image' | 'stylesheet' | 'script' | 'icon'} LinkKind
 * @typedef {'nav' | 'child' | 'inline'} LinkPlace
 * @typedef {object} SiteLink
 * @property {LinkKind} kind
 * @property {LinkPlace} place Where the renderer puts it.
 * @property {number} host 0 for the site itself, 1… for external host n (127.0.0.(n+1)).
 * @property {string} path Path on that host, without fragment.
 * @property {string} fragment Empty, or the id after `#`.
 */

/**
 * @typedef {object} Route
 * @property {number} status
 * @property {'page' | 'not-found' | 'redirect' | 'png' | 'css' | 'js' | 'ico' | 'robots' | 'sitemap'
 *   | 'sitemap-index' | 'external-page' | 'server-error'} body
 * @property {number} [page] Page index for `page`, or sitemap part for `sitemap`.
 * @property {string} [location] Same-host path for redirects.
 * @property {number} [delayMs] Extra delay (the slow external URL).
 */

/** @type {SiteShape} */
export const DEFAULT_SHAPE = { pages: 1000, linksPerPage: 20, seed: 1, branching: 10, externalHosts: 5 };

export const SITEMAP_PART_SIZE = 50_000;
export const SECTION_STYLES = 10;
/** Every page has at least this many `section-N` ids, so `#section-2` always resolves. */
export const MIN_SECTIONS = 3;
export const EXISTING_FRAGMENT = 'section-2';
export const MISSING_FRAGMENT = 'no-such-anchor';

const LINK_STREAM = 1;

/** @param {number} i */
export function pagePath(i) {
  return i === 0 ? '/' : `/docs/${i}.html`;
}

/** @param {SiteShape} shape */
export function imageCount(shape) {
  return Math.max(10, Math.ceil(shape.pages / 4));
}

/** @param {SiteShape} shape @param {number} i */
export function parentOf(shape, i) {
  return i === 0 ? -1 : Math.floor((i - 1) / shape.branching);
}

/**
 * @param {SiteShape} shape
 * @param {number} i
 * @returns {number[]}
 */
export function childrenOf(shape, i) {
  const out = [];
  for (let c = i * shape.branching + 1; c <= i * shape.branching + shape.branching && c < shape.pages; c++) {
    out.push(c);
  }
  return out;
}

/**
 * @param {LinkKind} kind
 * @param {LinkPlace} place
 * @param {string} path
 * @param {string} [fragment]
 * @param {number} [host]
 * @returns {SiteLink}
 */
function link(kind, place, path, fragment = '', host = 0) {
  return { kind, place, host, path, fragment };
}

/**
 * @param {() => number} rand
 * @returns {string}
 */
function externalPath(rand) {
  const r = rand();
  if (r < 0.8) return `/articles/${randInt(rand, 100)}`;
  if (r < 0.88) return `/gone/${randInt(rand, 10)}`;
  if (r < 0.92) return `/redirect/${randInt(rand, 10)}`;
  if (r < 0.96) return '/error';
  return '/slow';
}

/**
 * Every link on page i, in document order of their groups. Deterministic in (shape, i).
 * @param {SiteShape} shape
 * @param {number} i
 * @returns {SiteLink[]}
 */
export function pageLinks(shape, i) {
  const rand = mulberry32(mixSeed(shape.seed, i, LINK_STREAM));
  const n = shape.pages;
  /** @type {SiteLink[]} */
  const links = [
    link('stylesheet', 'nav', '/assets/site.css'),
    link('stylesheet', 'nav', `/assets/section-${i % SECTION_STYLES}.css`),
    link('script', 'nav', '/assets/app.js'),
    link('icon', 'nav', '/favicon.ico'),
    link('page', 'nav', '/'),
    link('image', 'inline', `/img/${i % imageCount(shape)}.png`),
  ];
  if (i > 0) links.push(link('page', 'nav', pagePath(parentOf(shape, i))));
  for (const c of childrenOf(shape, i)) links.push(link('page', 'child', pagePath(c)));

  // Special cases, placed by index so their counts are easy to reason about.
  if (i % 25 === 3) links.push(link('page', 'inline', `/docs/missing-${i}.html`));
  if (i % 20 === 5) links.push(link('image', 'inline', '/img/missing.png'));
  if (i % 100 === 9) links.push(link('page', 'inline', `/moved/${i}`));
  if (i % 10 === 2) links.push(link('page', 'inline', `/old/${randInt(rand, n)}.html`));
  if (i % 10 === 4) links.push(link('page', 'inline', `/go/${randInt(rand, n)}`));
  if (i % 50 === 6) links.push(link('page', 'inline', `/chain/3/${randInt(rand, n)}`));
  if (i % 5 === 0) links.push(link('page', 'inline', pagePath(randInt(rand, n)), EXISTING_FRAGMENT));
  if (i % 50 === 10) links.push(link('page', 'inline', pagePath(randInt(rand, n)), MISSING_FRAGMENT));

  // About 10% of the target are external, varying 0…2× per page.
  const externalMean = Math.round(shape.linksPerPage * 0.1);
  const externals = randInt(rand, 2 * externalMean + 1);
  for (let e = 0; e < externals && shape.externalHosts > 0; e++) {
    const host = 1 + randInt(rand, shape.externalHosts);
    links.push(link('page', 'inline', externalPath(rand), '', host));
  }

  const images = imageCount(shape);
  while (links.length < shape.linksPerPage) {
    if (rand() < 0.75) links.push(link('page', 'inline', pagePath(randInt(rand, n))));
    else links.push(link('image', 'inline', `/img/${randInt(rand, images)}.png`));
  }
  return links;
}

/**
 * @param {string} s
 * @param {string} prefix
 * @param {string} suffix
 * @returns {number} The integer between prefix and suffix, or -1.
 */
function intBetween(s, prefix, suffix) {
  if (!s.startsWith(prefix) || !s.endsWith(suffix)) return -1;
  const mid = s.slice(prefix.length, s.length - suffix.length);
  return /^(0|[1-9][0-9]{0,8})$/.test(mid) ? Number(mid) : -1;
}

/** @type {Route} */
const NOT_FOUND = { status: 404, body: 'not-found' };

/**
 * What the site answers for a path on its own host.
 * @param {SiteShape} shape
 * @param {string} path
 * @returns {Route}
 */
function internalRoute(shape, path) {
  const n = shape.pages;
  if (path === '/') return { status: 200, body: 'page', page: 0 };
  let k = intBetween(path, '/docs/', '.html');
  if (k > 0 && k < n) return { status: 200, body: 'page', page: k };
  k = intBetween(path, '/img/', '.png');
  if (k >= 0 && k < imageCount(shape)) return { status: 200, body: 'png' };
  if (path === '/assets/site.css') return { status: 200, body: 'css' };
  k = intBetween(path, '/assets/section-', '.css');
  if (k >= 0 && k < SECTION_STYLES) return { status: 200, body: 'css' };
  if (path === '/assets/app.js') return { status: 200, body: 'js' };
  if (path === '/favicon.ico') return { status: 200, body: 'ico' };
  if (path === '/robots.txt') return { status: 200, body: 'robots' };
  if (path === '/sitemap.xml') {
    return n > SITEMAP_PART_SIZE ? { status: 200, body: 'sitemap-index' } : { status: 200, body: 'sitemap', page: 0 };
  }
  k = intBetween(path, '/sitemap-', '.xml');
  if (k >= 0 && k * SITEMAP_PART_SIZE < n) return { status: 200, body: 'sitemap', page: k };
  k = intBetween(path, '/old/', '.html');
  if (k >= 0 && k < n) return { status: 301, body: 'redirect', location: pagePath(k) };
  k = intBetween(path, '/go/', '');
  if (k >= 0 && k < n) return { status: 302, body: 'redirect', location: pagePath(k) };
  k = intBetween(path, '/moved/', '');
  if (k >= 0) return { status: 301, body: 'redirect', location: `/docs/gone-${k}.html` };
  for (const hop of [3, 2, 1]) {
    k = intBetween(path, `/chain/${hop}/`, '');
    if (k >= 0 && k < n) {
      return { status: hop === 2 ? 302 : 301, body: 'redirect', location: hop > 1 ? `/chain/${hop - 1}/${k}` : pagePath(k) };
    }
  }
  return NOT_FOUND;
}

/**
 * What an external host answers.
 * @param {string} path
 * @param {number} slowMs
 * @returns {Route}
 */
function externalRoute(path, slowMs) {
  if (path === '/' || intBetween(path, '/articles/', '') >= 0) return { status: 200, body: 'external-page' };
  if (path === '/robots.txt') return { status: 200, body: 'robots' };
  const k = intBetween(path, '/redirect/', '');
  if (k >= 0) return { status: 301, body: 'redirect', location: `/articles/${k}` };
  if (path === '/error') return { status: 500, body: 'server-error' };
  if (path === '/slow') return { status: 200, body: 'external-page', delayMs: slowMs };
  return NOT_FOUND;
}

/**
 * @param {SiteShape} shape
 * @param {number} host 0 for the site, 1… for external hosts.
 * @param {string} path
 * @param {number} [slowMs]
 * @returns {Route}
 */
export function route(shape, host, path, slowMs = 1000) {
  return host === 0 ? internalRoute(shape, path) : externalRoute(path, slowMs);
}
