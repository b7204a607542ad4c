// The checkers under test: how to invoke each one, and how to read back what it found.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CONCURRENCY = 10;
const DISLIKE404_DEFAULT_MAX_PAGES = 50_000;

/**
 * What a tool's own report says; null where the tool doesn't report that figure.
 * @typedef {object} ReportFigures
 * @property {number | null} pages Pages crawled.
 * @property {number | null} urls URLs checked.
 * @property {number | null} broken Broken URLs.
 * @property {string} [error] Why the report could not be read.
 */

/**
 * @typedef {object} RunFiles
 * @property {string} dir Scratch directory for this run (also the tool's cwd).
 * @property {string} report Report file path, when the tool writes one.
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * @typedef {object} Tool
 * @property {string} name
 * @property {() => string | null} unavailable Why the tool can't run here, or null.
 * @property {(url: string, files: RunFiles, sitePages: number | null) => { cmd: string, args: string[] }} command
 *   sitePages is the synthetic site's page count (null for a corpus).
 * @property {(files: RunFiles) => ReportFigures} readReport
 * @property {() => string} version
 */

/** @param {string} file */
function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * @param {string} msg
 * @returns {ReportFigures}
 */
function noFigures(msg) {
  return { pages: null, urls: null, broken: null, error: msg };
}

/** @type {Tool} */
const dislike404 = {
  name: 'dislike404',
  unavailable: () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist/cli/main.js'))) {
      return existsSync(path.join(REPO_ROOT, 'src/cli/main.ts'))
        ? 'dist/cli/main.js missing: run `npm run build` (or use `npm run bench`)'
        : 'CLI not written yet (no src/cli/main.ts)';
    }
    return null;
  },
  command: (url, files, sitePages) => ({
    cmd: process.execPath,
    // --no-store: the engine against tools that persist nothing; `dislike404+store` measures recording.
    args: [path.join(REPO_ROOT, 'bin/dislike404.js'), 'scan', url, '--quiet', '--format', 'json', '--no-store',
      '--output', files.report, '--concurrency', String(CONCURRENCY), '--host-concurrency', String(CONCURRENCY),
      // Its default page cap (50,000) would cut the 100k-page scenario short.
      ...(sitePages !== null && sitePages > DISLIKE404_DEFAULT_MAX_PAGES ? ['--max-pages', String(2 * sitePages)] : [])],
  }),
  readReport: (files) => {
    try {
      const s = readJson(files.report).summary;
      return { pages: s.pagesCrawled ?? null, urls: s.urlsChecked ?? null, broken: s.broken ?? null };
    } catch (e) {
      return noFigures(`no readable JSON report (${e instanceof Error ? e.message : String(e)})`);
    }
  },
  version: () => {
    try {
      return `dislike404 ${readJson(path.join(REPO_ROOT, 'package.json')).version} (this checkout)`;
    } catch {
      return 'dislike404 (unknown version)';
    }
  },
};

const LINKINATOR_BIN = path.join(REPO_ROOT, 'node_modules/.bin/linkinator');

/** @type {Tool} */
const linkinator = {
  name: 'linkinator',
  unavailable: () => (existsSync(LINKINATOR_BIN) ? null : 'node_modules/.bin/linkinator missing: run `npm install`'),
  // JSON goes to stdout, which the harness sends to files.stdout.
  command: (url) => ({ cmd: LINKINATOR_BIN, args: [url, '--recurse', '--concurrency', String(CONCURRENCY), '--format', 'json'] }),
  readReport: (files) => {
    try {
      /** @type {{ links: { url: string, state: string }[] }} */
      const r = readJson(files.stdout);
      // It lists each OK URL once and each broken URL once per page that links it, and doesn't say
      // which URLs were pages it parsed (the server's count of HTML pages served tells that).
      const urls = new Set(r.links.map((l) => l.url));
      const broken = new Set(r.links.filter((l) => l.state === 'BROKEN').map((l) => l.url));
      return { pages: null, urls: urls.size, broken: broken.size };
    } catch (e) {
      return noFigures(`no readable JSON on stdout (${e instanceof Error ? e.message : String(e)})`);
    }
  },
  version: () => {
    try {
      return `linkinator ${readJson(path.join(REPO_ROOT, 'node_modules/linkinator/package.json')).version}`;
    } catch {
      return 'linkinator (unknown version)';
    }
  },
};

const WGET2_BIN = '/usr/bin/wget2';

/** @type {Tool} */
const wget2 = {
  name: 'wget2',
  unavailable: () => (existsSync(WGET2_BIN) ? null : 'wget2 missing: apt-get install -y wget2'),
  // Spider mode fetches HTML to parse it and HEADs everything else; nothing is saved. It stays on the
  // start host (no --span-hosts), so external links are never checked: a near-the-limit reference.
  command: (url, files) => ({
    cmd: WGET2_BIN,
    args: ['--spider', '--recursive', '--level=inf', '--no-parent', '--no-host-directories', '--robots=off',
      `--max-threads=${CONCURRENCY}`, '--tries=1', `--output-file=${files.report}`, url],
  }),
  readReport: (files) => {
    try {
      const log = readFileSync(files.report, 'utf8');
      // Its log (--no-verbose would silence it entirely in spider mode) names each failed URL.
      const broken = new Set([...log.matchAll(/HTTP ERROR response \d+ .*?\[(\S+)\]/g)].map((m) => m[1]));
      return { pages: null, urls: null, broken: broken.size };
    } catch (e) {
      return noFigures(`no log (${e instanceof Error ? e.message : String(e)})`);
    }
  },
  version: () => 'wget2 (Debian package)',
};

/** @type {readonly Tool[]} */
/** @type {Tool} */
const dislike404WithStore = {
  ...dislike404,
  name: 'dislike404+store',
  command: (url, files, sitePages) => {
    const base = dislike404.command(url, files, sitePages);
    const args = base.args.filter((a) => a !== '--no-store');
    return { ...base, args: [...args, '--db', `${files.report}.sqlite`] };
  },
};

export const TOOLS = [dislike404, dislike404WithStore, linkinator, wget2];
