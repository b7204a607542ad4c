// The benchmark scenarios: which server to start, and which tools run there by default.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SHAPE } from './synthetic-model.mjs';
import { expectedFigures } from './synthetic-expected.mjs';

const SYNTHETIC_SERVER = fileURLToPath(new URL('../synthetic-site.mjs', import.meta.url));
const STATIC_SERVER = fileURLToPath(new URL('../static-server.mjs', import.meta.url));
export const PG_MANUAL = '/usr/share/doc/postgresql-doc-15/html';

/** Tools that take minutes where the others take seconds, and run only with --with-slow. */
const SLOW_FROM_PAGES = { linkinator: 10_000, wget2: 10_001 };

/**
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string} description
 * @property {string} serverScript
 * @property {string[]} serverArgs
 * @property {number | null} sitePages Page count of a synthetic site, null for a corpus.
 * @property {(tool: string) => string | null} slowReason Why a tool is skipped without --with-slow.
 * @property {() => import('./synthetic-expected.mjs').ExpectedFigures | null} expected Ground truth, when known.
 * @property {() => string | null} unavailable
 */

/** @param {number} n */
export function pagesLabel(n) {
  return n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/**
 * @param {number} latencyMs
 * @returns {Scenario}
 */
export function pgManualScenario(latencyMs) {
  return {
    name: 'pg-manual',
    description: 'PostgreSQL 15 HTML manual (1,169 pages, 18 MB) from a static server; external links rewritten to a loopback stand-in',
    serverScript: STATIC_SERVER,
    serverArgs: ['--root', PG_MANUAL, '--latency-ms', String(latencyMs)],
    sitePages: null,
    slowReason: () => null,
    expected: () => null,
    unavailable: () => (existsSync(PG_MANUAL) ? null : `${PG_MANUAL} missing: apt-get install -y postgresql-doc-15`),
  };
}

/**
 * @param {number} pages
 * @param {number} latencyMs
 * @returns {Scenario}
 */
export function syntheticScenario(pages, latencyMs) {
  const shape = { ...DEFAULT_SHAPE, pages };
  return {
    name: `synthetic-${pagesLabel(pages)}`,
    description: `Synthetic site: ${pages.toLocaleString('en-US')} pages × ~${shape.linksPerPage} links, seed ${shape.seed}, `
      + `${shape.externalHosts} external hosts on 127.0.0.2–${1 + shape.externalHosts}${latencyMs > 0 ? `, ${latencyMs} ms latency` : ''}`,
    serverScript: SYNTHETIC_SERVER,
    serverArgs: ['--pages', String(pages), '--latency-ms', String(latencyMs)],
    sitePages: pages,
    slowReason: (tool) => {
      const from = tool === 'linkinator' || tool === 'wget2' ? SLOW_FROM_PAGES[tool] : Infinity;
      return pages >= from ? `slow at ${pages.toLocaleString('en-US')} pages; pass --with-slow to run it` : null;
    },
    expected: () => expectedFigures(shape),
    unavailable: () => null,
  };
}

/**
 * The default set, or the one --pages asks for.
 * @param {{ pages: number | null, latencyMs: number }} opts
 * @returns {Scenario[]}
 */
export function allScenarios(opts) {
  const list = [pgManualScenario(opts.latencyMs), syntheticScenario(1000, opts.latencyMs), syntheticScenario(10_000, opts.latencyMs)];
  if (opts.pages !== null && !list.some((s) => s.name === `synthetic-${pagesLabel(opts.pages ?? 0)}`)) {
    list.push(syntheticScenario(opts.pages, opts.latencyMs));
  }
  return list;
}
