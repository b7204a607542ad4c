// Measures HTML link extraction alone (no network): the hand-written scanner the engine uses against
// the htmlparser2-based reference it replaced. Run `npm run build` first. Prints MB/s.
//
//   node bench/extract-bench.mjs [--rounds N] [--dir DIR]
//
// Corpora: the PostgreSQL manual (apt-get install postgresql-doc-15) and 2,000 synthetic pages like
// those the crawl benchmarks serve (5–15 KB each). MB are megabytes of UTF-8 source. Each
// implementation runs in a child process of its own, so neither inherits the other's JIT feedback
// or garbage; the first two rounds warm up and are not counted.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderPage } from './lib/synthetic-html.mjs';
import { DEFAULT_SHAPE } from './lib/synthetic-model.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    dir: { type: 'string', default: '/usr/share/doc/postgresql-doc-15/html' },
    child: { type: 'string' },
    corpus: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const WARM_UP_ROUNDS = 2;
const CHUNK = 16_384;

const IMPLEMENTATIONS = {
  reference: 'htmlparser2 reference',
  scanner: 'scanner',
  chunked: 'scanner, 16 KB chunks',
};

/** @returns {{ url: string, html: string }[]} */
function loadCorpus(name) {
  if (name === 'manual') {
    return readdirSync(values.dir)
      .filter((file) => file.endsWith('.html'))
      .sort()
      .map((file) => ({ url: `https://www.postgresql.org/docs/15/${file}`, html: readFileSync(join(values.dir, file), 'utf8') }));
  }
  const shape = { ...DEFAULT_SHAPE, pages: 2_000 };
  const origins = ['http://127.0.0.1:8080', 'http://127.0.0.2:8080', 'http://127.0.0.3:8080'];
  return Array.from({ length: shape.pages }, (_, i) => ({ url: `http://127.0.0.1:8080/p/${i}.html`, html: renderPage(shape, i, origins) }));
}

/** Child: time `rounds` passes of one implementation over one corpus, print JSON. */
async function child(implementation, corpusName) {
  const { extractHtml, HtmlLinkExtractor } = await import('../dist/extract/html-extractor.js');
  const { extractHtmlReference } = await import('../dist/extract/reference-html-extractor.js');
  const extract = {
    reference: extractHtmlReference,
    scanner: extractHtml,
    chunked: (html, url) => {
      const extractor = new HtmlLinkExtractor(url);
      for (let position = 0; position < html.length; position += CHUNK) extractor.write(html.slice(position, position + CHUNK));
      return extractor.end();
    },
  }[implementation];
  const pages = loadCorpus(corpusName);
  const times = [];
  let links = 0;
  for (let round = 0; round < rounds + WARM_UP_ROUNDS; round++) {
    const started = process.hrtime.bigint();
    links = 0;
    for (const page of pages) links += extract(page.html, page.url).links.length;
    if (round >= WARM_UP_ROUNDS) times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  const bytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page.html), 0);
  process.stdout.write(JSON.stringify({ times, links, bytes, pages: pages.length }));
}

function run(implementation, corpusName) {
  const args = [fileURLToPath(import.meta.url), '--child', implementation, '--corpus', corpusName, '--rounds', String(rounds), '--dir', values.dir];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 }));
}

if (values.child !== undefined) {
  await child(values.child, values.corpus ?? 'manual');
} else {
  const corpora = [
    ...(existsSync(values.dir) ? [['manual', 'PostgreSQL manual']] : []),
    ['synthetic', 'synthetic site'],
  ];
  if (!existsSync(values.dir)) console.log(`(${values.dir} not found: install postgresql-doc-15 for the manual corpus)`);
  console.log(`node ${process.version}; per implementation: median and best of ${rounds} rounds after ${WARM_UP_ROUNDS} warm-up rounds\n`);
  for (const [corpusName, label] of corpora) {
    let baseline = NaN;
    for (const [implementation, name] of Object.entries(IMPLEMENTATIONS)) {
      const { times, links, bytes, pages } = run(implementation, corpusName);
      if (implementation === 'reference') console.log(`${label}: ${pages} pages, ${(bytes / 1e6).toFixed(1)} MB, ${links} links`);
      const sorted = [...times].sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
      const best = sorted[0] ?? NaN;
      if (implementation === 'reference') baseline = median;
      const mbps = (seconds) => ((bytes / 1e6) / seconds).toFixed(1).padStart(6);
      const speedUp = implementation === 'reference' ? '' : `   ${(baseline / median).toFixed(2)}× the reference`;
      console.log(`  ${name.padEnd(23)} ${(median * 1000).toFixed(0).padStart(5)} ms  ${mbps(median)} MB/s (best ${mbps(best)})${speedUp}`);
    }
    console.log('');
  }
}
