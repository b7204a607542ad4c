// Measures HTML link extraction alone (no network): the hand-written scanner the engine uses against
// the htmlparser2-based reference it replaced. Run `npm run build` first. Prints MB/s.
//
//   node bench/extract-bench.mjs [--trials N] [--rounds N] [--dir DIR] [--also DIST]
//
// --also DIST times extractHtml from another build too (DIST/extract/html-extractor.js), e.g. the
// dist/ of a checkout from before a change.
//
// Corpora: the PostgreSQL manual (apt-get install postgresql-doc-15) and 2,000 synthetic pages like
// those the crawl benchmarks serve (5–15 KB each). MB are megabytes of UTF-8 source. Each trial runs
// every implementation in a child process of its own (so none inherits another's JIT feedback or
// garbage), for `rounds` timed passes after two warm-up passes; trials alternate implementations so
// that load from other processes spreads evenly. Times are CPU time of the process (user + system,
// all threads, so garbage collection counts), which other load on the machine barely disturbs.
// Reported: the best and the median pass.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { renderPage } from './lib/synthetic-html.mjs';
import { DEFAULT_SHAPE } from './lib/synthetic-model.mjs';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    dir: { type: 'string', default: '/usr/share/doc/postgresql-doc-15/html' },
    also: { type: 'string' },
    child: { type: 'string' },
    corpus: { type: 'string' },
  },
});
const trials = Number(values.trials);
const rounds = Number(values.rounds);
const WARM_UP_ROUNDS = 2;
const CHUNK = 16_384;

const IMPLEMENTATIONS = {
  reference: 'htmlparser2 reference',
  ...(values.also === undefined ? {} : { also: `extractHtml of ${values.also}` }),
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
  const also = values.also === undefined ? null : await import(pathToFileURL(join(values.also, 'extract/html-extractor.js')).href);
  const extract = {
    reference: extractHtmlReference,
    also: also?.extractHtml,
    scanner: extractHtml,
    chunked: (_html, url, chunks) => {
      const extractor = new HtmlLinkExtractor(url);
      for (const chunk of chunks) extractor.write(chunk);
      return extractor.end();
    },
  }[implementation];
  const pages = loadCorpus(corpusName);
  // Split before timing, into flat strings as a network decoder yields them (slice() would make V8
  // "sliced" strings, whose every character read costs an extra indirection).
  const chunks = pages.map(({ html }) => {
    const list = [];
    for (let position = 0; position < html.length; position += CHUNK) list.push(Buffer.from(html.slice(position, position + CHUNK)).toString());
    return list;
  });
  const times = [];
  let links = 0;
  for (let round = 0; round < rounds + WARM_UP_ROUNDS; round++) {
    const started = process.cpuUsage();
    links = 0;
    pages.forEach((page, index) => {
      links += extract(page.html, page.url, chunks[index]).links.length;
    });
    const used = process.cpuUsage(started);
    if (round >= WARM_UP_ROUNDS) times.push((used.user + used.system) / 1e6);
  }
  const bytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page.html), 0);
  process.stdout.write(JSON.stringify({ times, links, bytes, pages: pages.length }));
}

function run(implementation, corpusName) {
  const args = [fileURLToPath(import.meta.url), '--child', implementation, '--corpus', corpusName, '--rounds', String(rounds), '--dir', values.dir];
  if (values.also !== undefined) args.push('--also', values.also);
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
  console.log(`node ${process.version}; ${trials} trials × ${rounds} timed passes per implementation\n`);
  for (const [corpusName, label] of corpora) {
    const results = Object.fromEntries(Object.keys(IMPLEMENTATIONS).map((implementation) => [implementation, { times: [], links: 0, bytes: 0, pages: 0 }]));
    for (let trial = 0; trial < trials; trial++) {
      for (const implementation of Object.keys(IMPLEMENTATIONS)) {
        const { times, links, bytes, pages } = run(implementation, corpusName);
        Object.assign(results[implementation], { links, bytes, pages });
        results[implementation].times.push(...times);
      }
    }
    const { links, bytes, pages } = results.reference;
    console.log(`${label}: ${pages} pages, ${(bytes / 1e6).toFixed(1)} MB, ${links} links`);
    const stats = (times) => {
      const sorted = [...times].sort((a, b) => a - b);
      return { best: sorted[0] ?? NaN, median: sorted[Math.floor(sorted.length / 2)] ?? NaN };
    };
    const baseline = stats(results.reference.times);
    const mbps = (seconds) => (bytes / 1e6 / seconds).toFixed(1).padStart(6);
    for (const [implementation, name] of Object.entries(IMPLEMENTATIONS)) {
      const { best, median } = stats(results[implementation].times);
      const speedUp = implementation === 'reference' ? '' : `   ${(baseline.best / best).toFixed(2)}× (median ${(baseline.median / median).toFixed(2)}×)`;
      console.log(`  ${name.padEnd(23)} best ${(best * 1000).toFixed(0).padStart(5)} ms ${mbps(best)} MB/s, median ${mbps(median)} MB/s${speedUp}`);
    }
    console.log('');
  }
}
