// Storage benchmark: run `npm run build` first. Prints seconds and MB for a synthetic
// 100,000-page scan with 3,000,000 occurrences in SQLite, query timings, and the blacklist
// matcher with 10,000 rules over 1,000,000 URLs.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../dist/store/store.js';
import { compileBlacklist } from '../dist/store/blacklist-matcher.js';

const PAGES = Number(process.env.BENCH_PAGES ?? 100_000);
const LINKS_PER_PAGE = 30;
const BATCH_PAGES = 1000;
const SITE = 'https://bench.example.test/';
const pageUrl = (i) => `${SITE}section/${i % 97}/page-${i}.html`;
const externalUrl = (i) => `https://ext${i % 50}.example.org/resource/${i}`;

const seconds = (start) => ((performance.now() - start) / 1000).toFixed(2);
const occ = (page, k) => ({ page, element: 'a', attribute: 'href', text: `Link number ${k} to somewhere useful`, line: 10 + k });
const ok = (url) => ({ url, finalUrl: url, status: 200, error: null, errorDetail: null, redirects: [], contentType: 'text/html', method: 'GET', durationMs: 42, retries: 0 });

/** The targets page i links to: 28 internal pages and 2 external resources. */
function linksOf(i) {
  const out = [];
  for (let k = 0; k < LINKS_PER_PAGE - 2; k += 1) out.push(pageUrl((i * 7 + k * 3637 + 1) % PAGES));
  out.push(externalUrl((i * 31) % 10_000), externalUrl((i * 17 + 5) % 10_000));
  return out;
}

async function dirMegabytes(dir) {
  let bytes = 0;
  for (const name of await readdir(dir)) bytes += (await stat(join(dir, name))).size;
  return (bytes / 1024 / 1024).toFixed(0);
}

function finding(url, occurrences, i) {
  const broken = i % 20 === 0;
  return {
    url, status: broken ? 404 : 200, error: null, errorDetail: null, severity: broken ? 'error' : 'ok', category: broken ? 'broken' : 'ok',
    title: broken ? 'Not Found' : 'OK', reason: 'Synthetic.', advice: 'None.', suggestion: null, internal: url.startsWith(SITE), kind: 'page',
    finalUrl: url, redirects: [], contentType: 'text/html', method: 'GET', durationMs: 40, retries: 0, inSitemap: false,
    occurrences, occurrenceCount: occurrences.length,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'dislike404-store-bench-'));
try {
  const store = await openStore(join(dir, 'bench.sqlite'));
  const site = await store.addSite({ url: SITE });

  // 1. The engine's path: checkpoints of 1,000 pages (their results, the URLs they link, occurrences).
  const scanA = await store.createScan({ siteId: site.id, options: {}, status: 'running' });
  let storeMs = 0;
  let occurrences = 0;
  const known = new Set();
  for (let first = 0; first < PAGES; first += BATCH_PAGES) {
    const discovered = new Map();
    const appended = new Map();
    const completed = [];
    const pages = [];
    for (let i = first; i < Math.min(PAGES, first + BATCH_PAGES); i += 1) {
      const page = pageUrl(i);
      completed.push({ url: page, depth: 1, plan: 'page', internal: true, kind: 'page', result: ok(page) });
      pages.push({ url: page, status: 200, depth: 1, title: `Page ${i}` });
      linksOf(i).forEach((target, k) => {
        // Like the engine: a URL is announced once, later batches only append its occurrences.
        let entry = discovered.get(target) ?? appended.get(target);
        if (!entry && !known.has(target)) {
          known.add(target);
          discovered.set(target, (entry = { url: target, depth: 2, plan: target.startsWith(SITE) ? 'page' : 'resource', internal: target.startsWith(SITE), kind: 'page', occurrences: [] }));
        } else if (!entry) {
          appended.set(target, (entry = { url: target, occurrences: [] }));
        }
        entry.occurrences.push(occ(page, k));
        occurrences += 1;
      });
    }
    const t = performance.now();
    await store.checkpoint(scanA.id, { discovered: [...discovered.values()], occurrences: [...appended.values()], completed, pages, counters: { pagesCrawled: first + BATCH_PAGES } });
    storeMs += performance.now() - t;
  }
  console.log(`checkpoint path: ${PAGES} pages, ${occurrences} occurrences in ${PAGES / BATCH_PAGES} checkpoints: ${(storeMs / 1000).toFixed(2)} s in the store, ${await dirMegabytes(dir)} MB on disk`);

  // 2. The final report path: every URL as a finding (includeSuccesses), 3M occurrences, chunked saves.
  const scanB = await store.createScan({ siteId: site.id, options: {}, status: 'running' });
  const byTarget = new Map();
  for (let i = 0; i < PAGES; i += 1) {
    linksOf(i).forEach((target, k) => {
      let list = byTarget.get(target);
      if (!list) byTarget.set(target, (list = []));
      list.push(occ(pageUrl(i), k));
    });
  }
  storeMs = 0;
  let chunk = [];
  let index = 0;
  const save = async () => {
    const t = performance.now();
    await store.saveFindings(scanB.id, chunk);
    storeMs += performance.now() - t;
    chunk = [];
  };
  for (const [url, list] of byTarget) {
    chunk.push(finding(url, list, index++));
    if (chunk.length === 10_000) await save();
  }
  if (chunk.length > 0) await save();
  console.log(`saveFindings path: ${byTarget.size} findings, ${occurrences} occurrences: ${(storeMs / 1000).toFixed(2)} s in the store, ${await dirMegabytes(dir)} MB on disk (both scans)`);
  byTarget.clear();

  const summary = (startedAt) => ({
    startUrl: SITE, startedAt, finishedAt: startedAt, durationMs: 1, pagesCrawled: PAGES, urlsChecked: index, urlsFound: index, findings: index,
    broken: Math.ceil(index / 20), redirected: 0, skipped: 0, byCode: {}, bySeverity: { error: 0, warning: 0, notice: 0, ok: 0 }, limitsHit: [],
    robots: { obeyed: true, crawlDelaySeconds: null, appliedDelayMs: 0, blockedUrls: 0 }, sitemapUrls: 0,
  });
  let start = performance.now();
  await store.finishScan(scanA.id, { status: 'completed', summary: summary('2026-01-01T00:00:00.000Z') });
  console.log(`finishScan (drops the checkpoint journal's occurrences): ${seconds(start)} s`);
  await store.finishScan(scanB.id, { status: 'completed', summary: summary('2026-01-02T00:00:00.000Z') });

  const time = async (label, fn) => {
    const t = performance.now();
    const result = await fn();
    console.log(`${label}: ${(performance.now() - t).toFixed(0)} ms`);
    return result;
  };
  await time('getFindings first page (50, report order)', () => store.getFindings(scanB.id, { limit: 50 }));
  await time('getFindings page at offset 50,000', () => store.getFindings(scanB.id, { limit: 50, offset: 50_000 }));
  await time('getFindings severity=error, sorted by url', () => store.getFindings(scanB.id, { limit: 50, severity: 'error', sort: 'url' }));
  await time('getFindings text search "page-4242"', () => store.getFindings(scanB.id, { limit: 50, text: 'page-4242' }));
  const sample = Array.from({ length: 1000 }, (_, i) => pageUrl(i * 97));
  await time('urlHistory 1,000 URLs x last 5 scans', () => store.urlHistory(site.id, sample, 5));
  await time('getReport (all findings and occurrences)', async () => (await store.getReport(scanB.id)).findings.length);
  await store.close();

  // 3. Blacklist: 10,000 rules of every kind, 1,000,000 URLs over 200 hosts.
  const rules = [];
  const rule = (fields) => rules.push({ id: `r${rules.length}`, siteId: site.id, statusCodes: null, errorCodes: null, scope: 'any', note: '', author: null, createdAt: '', ...fields });
  for (let i = 0; i < 4000; i += 1) rule({ kind: 'exact', pattern: `https://h${i % 200}.test/exact/${i}` });
  for (let i = 0; i < 3000; i += 1) rule({ kind: 'prefix', pattern: `https://h${i % 200}.test/pre/${i}/`, statusCodes: i % 2 ? [404] : null });
  for (let i = 0; i < 2000; i += 1) rule({ kind: 'glob', pattern: `https://h${i % 200}.test/g${i}/**/*.pdf` });
  for (let i = 0; i < 950; i += 1) rule({ kind: 'regex', pattern: `^https://h${i % 200}\\.test/r${i}/[0-9]+$`, scope: 'internal' });
  for (let i = 0; i < 50; i += 1) rule({ kind: 'regex', pattern: `[?&]tracking${i}=` });
  start = performance.now();
  const matcher = compileBlacklist(rules);
  console.log(`blacklist compile: ${rules.length} rules: ${seconds(start)} s`);
  const urls = [];
  for (let i = 0; i < 1_000_000; i += 1) {
    const host = `https://h${i % 200}.test/`;
    const kind = i % 10;
    urls.push(
      kind === 0 ? `${host}exact/${i % 4000}`
      : kind === 1 ? `${host}pre/${i % 3000}/x`
      : kind === 2 ? `${host}g${i % 2000}/a/b.pdf`
      : kind === 3 ? `${host}r${i % 950}/123`
      : kind === 4 ? `${host}page?tracking${i % 60}=1`
      : `${host}plain/path/${i}.html`,
    );
  }
  start = performance.now();
  let matched = 0;
  for (let i = 0; i < urls.length; i += 1) {
    if (matcher.match({ url: urls[i], status: 404, error: null, internal: true }) !== null) matched += 1;
  }
  console.log(`blacklist match: ${urls.length} URLs x ${rules.length} rules: ${seconds(start)} s (${matched} matched)`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
