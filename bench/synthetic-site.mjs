#!/usr/bin/env node
// Synthetic site server for the benchmark: N generated pages on 127.0.0.1, plus "external" hosts on
// 127.0.0.2 … that answer 200s, 404s, a 500, redirects and a slow URL. Pages are rendered on the fly
// from the seed, so 100,000 pages cost no memory. Prints `READY <url>` once listening.
//
//   node bench/synthetic-site.mjs [--pages 1000] [--links 20] [--seed 1] [--port 0]
//                                 [--latency-ms 0] [--slow-ms 1000] [--external-hosts 5]
//   node bench/synthetic-site.mjs --expected [--pages …]   (print the ground truth as JSON and exit)
import { Buffer } from 'node:buffer';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeOnSignal, createKeepAliveServer, listenOnHosts, send } from './lib/bench-http.mjs';
import { CONTROL_PATH, RequestCounter } from './lib/request-counter.mjs';
import { DEFAULT_SHAPE, route } from './lib/synthetic-model.mjs';
import { expectedFigures } from './lib/synthetic-expected.mjs';
import {
  APP_JS, renderPage, renderSitemap, renderSitemapIndex, renderSmallPage, SITE_CSS,
} from './lib/synthetic-html.mjs';

// A valid 1×1 transparent PNG.
const PNG = Uint8Array.from(Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
const ICO = PNG;
const HTML = 'text/html; charset=utf-8';

/** @param {string | undefined} value @param {string} name @param {number} min */
function intOption(value, name, min) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`synthetic-site: --${name} expects an integer ≥ ${min}, got ${JSON.stringify(value)}\n`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: String(DEFAULT_SHAPE.pages) },
    links: { type: 'string', default: String(DEFAULT_SHAPE.linksPerPage) },
    seed: { type: 'string', default: String(DEFAULT_SHAPE.seed) },
    port: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '0' },
    'slow-ms': { type: 'string', default: '1000' },
    'external-hosts': { type: 'string', default: String(DEFAULT_SHAPE.externalHosts) },
    expected: { type: 'boolean', default: false },
  },
  strict: true,
});

/** @type {import('./lib/synthetic-model.mjs').SiteShape} */
const shape = {
  pages: intOption(values.pages, 'pages', 1),
  linksPerPage: intOption(values.links, 'links', 0),
  seed: intOption(values.seed, 'seed', 0),
  branching: DEFAULT_SHAPE.branching,
  externalHosts: intOption(values['external-hosts'], 'external-hosts', 0),
};
const latencyMs = intOption(values['latency-ms'], 'latency-ms', 0);
const slowMs = intOption(values['slow-ms'], 'slow-ms', 0);

if (values.expected) {
  process.stdout.write(JSON.stringify({ shape, expected: expectedFigures(shape) }, null, 2) + '\n');
  process.exit(0);
}

const counter = new RequestCounter();
/** Origin of the site (index 0) and of each external host; known once listening. @type {string[]} */
let origins = [];

// Checkers often HEAD a page, then GET it: keep recent renders so that costs one render, while
// memory stays bounded however many pages the site has.
const RECENT_PAGES = 4096;
/** @type {Map<number, Buffer>} */
const recentPages = new Map();

/** @param {number} page */
function pageBody(page) {
  let body = recentPages.get(page);
  if (body === undefined) {
    body = Buffer.from(renderPage(shape, page, origins), 'utf8');
    if (recentPages.size >= RECENT_PAGES) recentPages.delete(recentPages.keys().next().value ?? page);
    recentPages.set(page, body);
  }
  return body;
}

/**
 * @param {number} host
 * @returns {import('node:http').RequestListener}
 */
function handlerFor(host) {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (host === 0 && path === CONTROL_PATH) {
      send(res, 200, 'application/json', JSON.stringify(counter.snapshot()));
      return;
    }
    const r = route(shape, host, path, slowMs);
    const respond = () => {
      counter.record(req.method ?? 'GET', host !== 0, r.status, path, r.body === 'page');
      const origin = origins[0] ?? '';
      switch (r.body) {
        case 'page': return send(res, 200, HTML, pageBody(r.page ?? 0));
        case 'redirect': return send(res, r.status, HTML, renderSmallPage('Moved', 'This page has moved.'), { location: r.location ?? '/' });
        case 'png': return send(res, 200, 'image/png', PNG);
        case 'ico': return send(res, 200, 'image/x-icon', ICO);
        case 'css': return send(res, 200, 'text/css; charset=utf-8', SITE_CSS);
        case 'js': return send(res, 200, 'text/javascript; charset=utf-8', APP_JS);
        case 'robots': return send(res, 200, 'text/plain; charset=utf-8', `User-agent: *\nAllow: /\n${host === 0 ? `Sitemap: ${origin}/sitemap.xml\n` : ''}`);
        case 'sitemap': return send(res, 200, 'application/xml', renderSitemap(shape, r.page ?? 0, origin));
        case 'sitemap-index': return send(res, 200, 'application/xml', renderSitemapIndex(shape, origin));
        case 'external-page': return send(res, 200, HTML, renderSmallPage(`External host ${host}`, 'An article.'));
        case 'server-error': return send(res, 500, HTML, renderSmallPage('Internal Server Error', 'Something broke.'));
        default: return send(res, 404, HTML, renderSmallPage('Not Found', 'Nothing lives at this address.'));
      }
    };
    const delay = latencyMs + (r.delayMs ?? 0);
    if (delay > 0) sleep(delay).then(respond, respond);
    else respond();
  };
}

const hosts = ['127.0.0.1'];
for (let h = 1; h <= shape.externalHosts; h++) hosts.push(`127.0.0.${h + 1}`);
const servers = hosts.map((_, h) => createKeepAliveServer(handlerFor(h)));
origins = await listenOnHosts(servers, hosts, intOption(values.port, 'port', 0));
closeOnSignal(servers);
process.stdout.write(`READY ${origins[0]}/\n`);
process.stdout.write(`EXTERNAL ${origins.slice(1).join(' ')}\n`);
