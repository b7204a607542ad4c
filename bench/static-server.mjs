#!/usr/bin/env node
// Static file server for the benchmark corpus (default: the PostgreSQL HTML manual). Prints
// `READY <url>` once listening.
//
// This machine has no internet, and benchmarks must never send traffic off it, so by default
// absolute http(s) links in HTML are rewritten to a stand-in "external" host on 127.0.0.2 that
// answers 200 for every path (`https://example.org/a` → `http://127.0.0.2:<port>/example.org/a`).
// Every checker then still checks the manual's ~1,700 external links, against loopback only.
//
//   node bench/static-server.mjs [--root DIR] [--port 0] [--latency-ms 0] [--no-rewrite-external]
import { Buffer } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { closeOnSignal, createKeepAliveServer, listenOnHosts, send } from './lib/bench-http.mjs';
import { CONTROL_PATH, RequestCounter } from './lib/request-counter.mjs';

export const DEFAULT_ROOT = '/usr/share/doc/postgresql-doc-15/html';

/** @type {Record<string, string>} */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
};

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: DEFAULT_ROOT },
    port: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '0' },
    'no-rewrite-external': { type: 'boolean', default: false },
  },
  strict: true,
});
const root = path.resolve(values.root);
const latencyMs = Number(values['latency-ms']);
if (!Number.isInteger(latencyMs) || latencyMs < 0) {
  process.stderr.write(`static-server: --latency-ms expects an integer ≥ 0, got ${JSON.stringify(values['latency-ms'])}\n`);
  process.exit(2);
}
const rewriteExternal = !values['no-rewrite-external'];

const counter = new RequestCounter();
/** Files are small and few; keep each (rewritten) body once read. @type {Map<string, Buffer | null>} */
const cache = new Map();
let externalOrigin = '';

/**
 * @param {string} file
 * @returns {Promise<Buffer | null>} null when missing or not a regular file.
 */
async function load(file) {
  const hit = cache.get(file);
  if (hit !== undefined) return hit;
  let body = null;
  try {
    const info = await stat(file);
    if (info.isFile()) {
      body = await readFile(file);
      if (rewriteExternal && /\.html?$/.test(file)) {
        const html = body.toString('utf8').replace(
          /(\s(?:href|src)=["'])https?:\/\/(?!127\.|localhost[:/])([^/"'#?]+)/gi,
          (_m, attr, host) => `${attr}${externalOrigin}/${host}`);
        body = Buffer.from(html, 'utf8');
      }
    }
  } catch {
    body = null;
  }
  cache.set(file, body);
  return body;
}

/**
 * Maps a URL path to a file under root; directories get their index.html. null when it escapes root.
 * @param {string} urlPath
 */
function fileFor(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.join(root, decoded.endsWith('/') ? `${decoded}index.html` : decoded);
  return file === root || file.startsWith(root + path.sep) ? file : null;
}

/** @type {import('node:http').RequestListener} */
async function serveCorpus(req, res) {
  const urlPath = (req.url ?? '/').split('?')[0] ?? '/';
  if (urlPath === CONTROL_PATH) {
    send(res, 200, 'application/json', JSON.stringify(counter.snapshot()));
    return;
  }
  if (latencyMs > 0) await sleep(latencyMs);
  const file = fileFor(urlPath);
  const body = file === null ? null : await load(file);
  if (file === null || body === null) {
    counter.record(req.method ?? 'GET', false, 404, urlPath, false);
    send(res, 404, 'text/html; charset=utf-8', '<!DOCTYPE html><title>Not Found</title><h1>Not Found</h1>\n');
    return;
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  counter.record(req.method ?? 'GET', false, 200, urlPath, type.startsWith('text/html'));
  send(res, 200, type, body);
}

/** @type {import('node:http').RequestListener} */
async function serveExternal(req, res) {
  if (latencyMs > 0) await sleep(latencyMs);
  counter.record(req.method ?? 'GET', true, 200, '', false);
  send(res, 200, 'text/html; charset=utf-8', '<!DOCTYPE html><title>External</title><p>Stand-in for an external page.</p>\n');
}

const servers = [createKeepAliveServer(serveCorpus), createKeepAliveServer(serveExternal)];
const origins = await listenOnHosts(servers, ['127.0.0.1', '127.0.0.2'], Number(values.port) || 0);
externalOrigin = origins[1] ?? '';
closeOnSignal(servers);
process.stdout.write(`READY ${origins[0]}/\n`);
process.stdout.write(`EXTERNAL ${externalOrigin}\n`);
