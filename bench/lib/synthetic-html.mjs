// Renders synthetic pages on the fly: realistic-looking HTML of 5–15 KB, deterministic in (shape, page).
import { mixSeed, mulberry32, randInt } from './prng.mjs';
import { MIN_SECTIONS, pageLinks, pagePath, parentOf, SITEMAP_PART_SIZE } from './synthetic-model.mjs';

/** @typedef {import('./synthetic-model.mjs').SiteShape} SiteShape */
/** @typedef {import('./synthetic-model.mjs').SiteLink} SiteLink */

const TEXT_STREAM = 2;
const WORDS = (
  'request response server client cache header status redirect anchor fragment crawler queue worker ' +
  'latency throughput timeout socket stream buffer parser token element attribute document section ' +
  'index sitemap robots policy origin domain scheme path query resource image stylesheet script ' +
  'font media frame canonical archive release version feature option setting default value config ' +
  'install upgrade migrate backup restore replica primary standby table column row schema function ' +
  'trigger view sequence transaction commit rollback lock snapshot vacuum analyze planner executor ' +
  'the a of to and in for with on by from as is are was be this that which it its can may must should ' +
  'each every when then while after before under over between within without across through against ' +
  'quick careful simple complex stable recent older newer larger smaller faster slower broken valid ' +
  'local remote public private shared internal external primary secondary optional required known'
).split(' ');

/**
 * @param {() => number} rand
 * @param {number} count
 * @returns {string}
 */
function words(rand, count) {
  let out = WORDS[randInt(rand, WORDS.length)] ?? '';
  for (let w = 1; w < count; w++) out += ' ' + (WORDS[randInt(rand, WORDS.length)] ?? '');
  return out;
}

/** @param {string} s */
function capitalize(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * @param {SiteLink} l
 * @param {number} fromPage
 * @param {readonly string[]} origins Index h is the origin of external host h.
 */
function hrefOf(l, fromPage, origins) {
  const frag = l.fragment === '' ? '' : `#${l.fragment}`;
  if (l.host !== 0) return `${origins[l.host] ?? 'http://127.0.0.254'}${l.path}${frag}`;
  // Half of the page-to-page links are written relative, as hand-written sites do.
  const docs = /^\/docs\/[0-9]+\.html$/.test(l.path);
  if (docs && (fromPage + l.path.length) % 2 === 0) {
    return (fromPage === 0 ? l.path.slice(1) : l.path.slice(6)) + frag;
  }
  return l.path + frag;
}

/**
 * @param {SiteShape} shape
 * @param {number} i
 * @returns {string}
 */
export function pageTitle(shape, i) {
  const rand = mulberry32(mixSeed(shape.seed, i, TEXT_STREAM + 1));
  return i === 0 ? 'Synthetic Docs' : capitalize(words(rand, 3 + randInt(rand, 3)));
}

/**
 * @param {SiteShape} shape
 * @param {number} i
 * @param {readonly string[]} origins
 * @returns {string}
 */
export function renderPage(shape, i, origins) {
  const rand = mulberry32(mixSeed(shape.seed, i, TEXT_STREAM));
  const links = pageLinks(shape, i);
  const title = pageTitle(shape, i);
  const head = [];
  const nav = [];
  const children = [];
  /** @type {SiteLink[]} */
  const inline = [];
  for (const l of links) {
    const href = hrefOf(l, i, origins);
    if (l.kind === 'stylesheet') head.push(`<link rel="stylesheet" href="${href}">`);
    else if (l.kind === 'script') head.push(`<script src="${href}" defer></script>`);
    else if (l.kind === 'icon') head.push(`<link rel="icon" href="${href}">`);
    else if (l.place === 'nav') nav.push(`<li><a href="${href}">${l.path === '/' ? 'Home' : 'Up'}</a></li>`);
    else if (l.place === 'child') children.push(`<li><a href="${href}">${pageTitle(shape, Number(l.path.slice(6, -5)))}</a></li>`);
    else inline.push(l);
  }

  const targetBytes = 5000 + randInt(rand, 10000);
  const paragraphs = Math.max(MIN_SECTIONS * 2, Math.round(targetBytes / 520));
  const sections = MIN_SECTIONS + randInt(rand, 4);
  const body = [];
  let nextLink = 0;
  for (let p = 0; p < paragraphs; p++) {
    if (p % Math.ceil(paragraphs / sections) === 0) {
      const s = 1 + p / Math.ceil(paragraphs / sections);
      body.push(`<h2 id="section-${s}">${capitalize(words(rand, 2 + randInt(rand, 4)))}</h2>`);
    }
    let text = `<p>${capitalize(words(rand, 30 + randInt(rand, 50)))}`;
    const until = Math.round(((p + 1) * inline.length) / paragraphs);
    /** @type {string[]} */
    const figures = [];
    for (; nextLink < until; nextLink++) {
      const l = /** @type {SiteLink} */ (inline[nextLink]);
      const href = hrefOf(l, i, origins);
      if (l.kind === 'image') {
        figures.push(`<figure><img src="${href}" alt="${words(rand, 3)}" width="640" height="360"><figcaption>${capitalize(words(rand, 6))}</figcaption></figure>`);
      } else {
        text += ` see <a href="${href}">${words(rand, 1 + randInt(rand, 4))}</a>, ${words(rand, 5 + randInt(rand, 20))}`;
      }
    }
    body.push(`${text}.</p>`, ...figures);
  }

  const parent = i === 0 ? '' : ` › ${pageTitle(shape, parentOf(shape, i))}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Synthetic Docs</title>
<meta name="description" content="${words(rand, 18)}">
${head.join('\n')}
</head>
<body>
<header class="site-header"><span class="logo">Synthetic Docs</span>
<nav aria-label="Main"><ul>${nav.join('')}</ul></nav>
<div class="breadcrumbs">Home${parent}</div></header>
<main>
<article>
<h1 id="top">${title}</h1>
${body.join('\n')}
</article>
${children.length > 0 ? `<aside><h2 id="children">In this section</h2><ul>\n${children.join('\n')}\n</ul></aside>` : ''}
</main>
<footer><p>${capitalize(words(rand, 12))}.</p><p>Page ${i} of ${shape.pages}. Generated with seed ${shape.seed}.</p></footer>
</body>
</html>
`;
}

/**
 * @param {SiteShape} shape
 * @param {number} part Which block of SITEMAP_PART_SIZE pages.
 * @param {string} origin
 */
export function renderSitemap(shape, part, origin) {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  const end = Math.min(shape.pages, (part + 1) * SITEMAP_PART_SIZE);
  for (let i = part * SITEMAP_PART_SIZE; i < end; i++) out.push(`<url><loc>${origin}${pagePath(i)}</loc></url>`);
  out.push('</urlset>', '');
  return out.join('\n');
}

/**
 * @param {SiteShape} shape
 * @param {string} origin
 */
export function renderSitemapIndex(shape, origin) {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (let part = 0; part * SITEMAP_PART_SIZE < shape.pages; part++) out.push(`<sitemap><loc>${origin}/sitemap-${part}.xml</loc></sitemap>`);
  out.push('</sitemapindex>', '');
  return out.join('\n');
}

/** @param {string} title @param {string} text */
export function renderSmallPage(title, text) {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>\n`;
}

export const SITE_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#222}
.site-header{background:#f4f4f4 url(/img/0.png) no-repeat right top;padding:1rem}
main{display:flex;gap:2rem;max-width:70rem;margin:auto}article{flex:3}aside{flex:1}
figure{margin:1rem 0}img{max-width:100%;height:auto}footer{color:#666;padding:1rem}
`;
export const APP_JS = 'document.documentElement.classList.add("js");\n';
