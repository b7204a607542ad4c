import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { Command } from 'commander';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runBlacklistAdd, runBlacklistList, runBlacklistRemove } from '../../src/cli/commands/blacklist-command.js';
import { runDiff } from '../../src/cli/commands/diff-command.js';
import { runHistory } from '../../src/cli/commands/history-command.js';
import { registerStoreCommands } from '../../src/cli/commands/index.js';
import { runReport } from '../../src/cli/commands/report-command.js';
import { runSitesAdd, runSitesList, runSitesRemove, runSitesShow } from '../../src/cli/commands/sites-command.js';
import { resolveDatabaseLocation } from '../../src/cli/store-options.js';
import type { Finding, ScanReport } from '../../src/core/report-types.js';
import { REPORT_FORMATS } from '../../src/report/render-report.js';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openStore, type Scan, type Site } from '../../src/store/store.js';
import { finding, SITE, summaryFor } from '../store/store-fixtures.js';

const root = await mkdtemp(join(tmpdir(), 'dislike404-cli-store-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let counter = 0;

interface Run {
  io: CliIo;
  out: () => string;
  err: () => string;
}

function fakeIo(env: NodeJS.ProcessEnv = {}): Run {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        append(chunk.toString());
        done();
      },
    });
  const io: CliIo = {
    stdout: sink((t) => (out += t)),
    stderr: sink((t) => (err += t)),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env,
    cwd: root,
  };
  return { io, out: () => out, err: () => err };
}

const MISSING = `${SITE}missing`;
const RETIRED = `${SITE}retired`;
const FIXED = `${SITE}was-broken`;
const NEW = `${SITE}new-typo`;
const FLAKY = 'https://partner.example.test/api';

interface Seeded {
  db: string;
  site: Site;
  first: Scan;
  second: Scan;
  other: Site;
}

async function recordScan(db: string, siteId: string, findings: Finding[]): Promise<Scan> {
  const store = await openStore(db);
  try {
    const scan = await store.createScan({ siteId, options: { maxPages: 100 }, status: 'running' });
    await store.saveFindings(scan.id, findings);
    const summary = { ...summaryFor(findings, scan.startedAt ?? scan.createdAt), limitsHit: [] };
    return await store.finishScan(scan.id, { status: 'completed', summary });
  } finally {
    await store.close();
  }
}

/** Two finished scans of one site (a fix, a new break, a flaky partner API) and an empty second site. */
async function seed(): Promise<Seeded> {
  const db = join(root, `db-${++counter}`, 'dislike404.sqlite');
  const store = await openStore(db);
  const site = await store.addSite({ url: SITE, name: 'Shop' });
  const other = await store.addSite({ url: 'https://blog.example.test/' });
  await store.close();
  const flaky = finding(FLAKY, { status: 503, internal: false, severity: 'warning', title: 'Service Unavailable' });
  const first = await recordScan(db, site.id, [finding(MISSING), finding(FIXED), finding(RETIRED, { status: 410, title: 'Gone' }), flaky]);
  const second = await recordScan(db, site.id, [finding(MISSING), finding(NEW), finding(RETIRED, { status: 410, title: 'Gone' }), flaky]);
  return { db, site, first, second, other };
}

let s: Seeded;
beforeEach(async () => {
  s = await seed();
});

describe('sites', () => {
  it('lists every site with scans, the last scan and its broken count', async () => {
    const run = fakeIo();
    expect(await runSitesList({ db: s.db }, run.io)).toBe(0);
    const lines = run.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+URL\s+SCANS\s+LAST SCAN\s+BROKEN$/);
    const shop = lines.find((l) => l.includes(SITE)) ?? '';
    expect(shop).toMatch(new RegExp(`^${s.site.id.slice(0, 8)}\\s+${SITE.replace(/[.]/g, '\\.')}\\s+2\\s+completed \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\s+4$`));
    expect(lines.find((l) => l.includes('blog.example.test'))).toMatch(/\s0\s+never scanned\s+-$/);
  });

  it('adds a site normalised like scan does, and refuses a duplicate in one line', async () => {
    const run = fakeIo();
    expect(await runSitesAdd('docs.example.test', { db: s.db, name: 'Docs' }, run.io)).toBe(0);
    expect(run.out()).toMatch(/^Added site [0-9a-f]{8} https:\/\/docs\.example\.test\/ \(Docs\)\n$/);
    const again = fakeIo();
    expect(await runSitesAdd('https://docs.example.test', { db: s.db }, again.io)).toBe(2);
    expect(again.err()).toBe('dislike404: https://docs.example.test/ is already a site (see dislike404 sites list)\n');
    const bad = fakeIo();
    expect(await runSitesAdd('ftp://x.test/', { db: s.db }, bad.io)).toBe(2);
    expect(bad.err()).toMatch(/^dislike404: .*not an http\(s\) URL.*\n$/);
  });

  it('finds a site by id, URL, URL without scheme, or unique prefix; ambiguity and misses are one-line errors', async () => {
    for (const ref of [s.site.id, SITE, 'shop.example.test', s.site.id.slice(0, 6), 'https://shop']) {
      const run = fakeIo();
      expect(await runSitesShow(ref, { db: s.db }, run.io)).toBe(0);
      expect(run.out()).toContain(`URL        ${SITE}`);
    }
    const ambiguous = fakeIo();
    expect(await runSitesShow('https://', { db: s.db }, ambiguous.io)).toBe(2);
    expect(ambiguous.err()).toMatch(/^dislike404: "https:\/\/" matches 2 sites \(.*\); give more of it\n$/);
    const missing = fakeIo();
    expect(await runSitesShow('nowhere.test', { db: s.db }, missing.io)).toBe(2);
    expect(missing.err()).toBe('dislike404: no site matches "nowhere.test" (see dislike404 sites list)\n');
  });

  it('shows settings, blacklist size and the latest scans', async () => {
    await runBlacklistAdd(SITE, RETIRED, { db: s.db }, fakeIo().io);
    const run = fakeIo();
    expect(await runSitesShow(SITE, { db: s.db }, run.io)).toBe(0);
    const out = run.out();
    expect(out).toContain(`Site       Shop (${s.site.id})`);
    expect(out).toContain('Settings   none');
    expect(out).toMatch(/Blacklist {2}1 rule \(dislike404 blacklist list [0-9a-f]{8}\)/);
    expect(out).toContain('Scans      2');
    expect(out).toContain('Latest scans:');
    expect(out).toContain(s.second.id.slice(0, 8));
  });

  it('removes a site with its scans and rules', async () => {
    const run = fakeIo();
    expect(await runSitesRemove(SITE, { db: s.db }, run.io)).toBe(0);
    expect(run.out()).toBe(`Removed site ${s.site.id.slice(0, 8)} ${SITE} with 2 scans and 0 blacklist rules\n`);
    const list = fakeIo();
    await runSitesList({ db: s.db }, list.io);
    expect(list.out()).not.toContain(SITE);
  });
});

describe('history', () => {
  it('lists scans newest first with status, date, duration, pages, URLs checked, broken and limits', async () => {
    const run = fakeIo();
    expect(await runHistory(SITE, { db: s.db }, run.io)).toBe(0);
    const lines = run.out().trimEnd().split('\n');
    expect(lines[0]).toBe(`Scans of ${SITE}, newest first:`);
    expect(lines[1]).toMatch(/^SCAN\s+STATUS\s+STARTED\s+DURATION\s+PAGES\s+URLS CHECKED\s+BROKEN\s+LIMITS HIT$/);
    expect(lines[2]).toMatch(new RegExp(`^${s.second.id.slice(0, 8)}\\s+completed\\s+\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\s+\\S.*\\s+120\\s+300\\s+4\\s+-$`));
    expect(lines[3]).toContain(s.first.id.slice(0, 8));
  });

  it('honours --limit and rejects a bad one in one line', async () => {
    const run = fakeIo();
    await runHistory(SITE, { db: s.db, limit: '1' }, run.io);
    expect(run.out().trimEnd().split('\n')).toHaveLength(3);
    const bad = fakeIo();
    expect(await runHistory(SITE, { db: s.db, limit: 'lots' }, bad.io)).toBe(2);
    expect(bad.err()).toBe('dislike404: Expected --limit to be a positive whole number, got "lots"\n');
  });

  it('says so when a site has no scans yet', async () => {
    const run = fakeIo();
    expect(await runHistory('blog.example.test', { db: s.db }, run.io)).toBe(0);
    expect(run.out()).toContain('No scans of https://blog.example.test/ yet.');
  });
});

describe('report', () => {
  it.each(REPORT_FORMATS)('renders a stored scan as %s', async (format) => {
    const run = fakeIo();
    expect(await runReport(s.second.id, { db: s.db, format }, run.io)).toBe(0);
    const out = run.out();
    expect(out.endsWith('\n')).toBe(true);
    expect(out).toContain(format === 'html' ? 'new-typo' : NEW);
    if (format === 'json') {
      const report = JSON.parse(out) as ScanReport;
      expect(report.findings.map((f) => f.url).sort()).toEqual([MISSING, NEW, RETIRED, FLAKY].sort());
      expect(report.summary.suppressed).toBe(0);
    }
  });

  it('judges the stored scan by history: the partner API failing twice in a row is now an error', async () => {
    const run = fakeIo();
    await runReport(s.second.id.slice(0, 8), { db: s.db, format: 'json' }, run.io);
    const flaky = (JSON.parse(run.out()) as ScanReport).findings.find((f) => f.url === FLAKY);
    expect(flaky).toMatchObject({ severity: 'error', history: { failingScans: 2, scansSeen: 2, firstSeen: s.first.startedAt } });
    const earlier = fakeIo();
    await runReport(s.first.id, { db: s.db, format: 'json' }, earlier.io);
    expect((JSON.parse(earlier.out()) as ScanReport).findings.find((f) => f.url === FLAKY)).toMatchObject({ severity: 'warning', history: null });
  });

  it('hides blacklisted findings unless --show-suppressed, and writes --output files', async () => {
    await runBlacklistAdd(SITE, RETIRED, { db: s.db, note: 'retired on purpose' }, fakeIo().io);
    const hidden = fakeIo();
    await runReport(s.second.id, { db: s.db }, hidden.io);
    expect(hidden.out()).not.toContain(RETIRED);
    expect(hidden.out()).toContain('1 finding suppressed by your blacklist (use --show-suppressed)');
    const unwritable = fakeIo();
    expect(await runReport(s.second.id, { db: s.db, output: 'no-such-dir/report.md' }, unwritable.io)).toBe(2);
    expect(unwritable.err()).toBe('dislike404: cannot write the report to no-such-dir/report.md (ENOENT)\n');
    const ok = fakeIo();
    expect(await runReport(s.second.id, { db: s.db, showSuppressed: true, output: 'report.md', format: 'markdown' }, ok.io)).toBe(0);
    const md = await readFile(join(root, 'report.md'), 'utf8');
    expect(md).toContain(RETIRED);
    expect(md).toContain('retired on purpose');
    expect(ok.err()).toBe(`Report of scan ${s.second.id} written to report.md\n`);
  });

  it('refuses an unknown scan, an unfinished scan and an unknown format in one line', async () => {
    const unknown = fakeIo();
    expect(await runReport('ffffffff', { db: s.db }, unknown.io)).toBe(2);
    expect(unknown.err()).toBe('dislike404: no scan matches "ffffffff" (see dislike404 history <site>)\n');
    const store = await openStore(s.db);
    const running = await store.createScan({ siteId: s.site.id, options: {}, status: 'running' });
    await store.close();
    const unfinished = fakeIo();
    expect(await runReport(running.id, { db: s.db }, unfinished.io)).toBe(2);
    expect(unfinished.err()).toMatch(/^dislike404: Scan .* has no summary yet \(status running\)\n$/);
    const format = fakeIo();
    expect(await runReport(s.second.id, { db: s.db, format: 'pdf' }, format.io)).toBe(2);
    expect(format.err()).toMatch(/^dislike404: Expected --format to be one of text, json, .*got "pdf"\n$/);
  });
});

interface DiffJson {
  previous: { id: string };
  current: { id: string };
  counts: { new: number; fixed: number; stillBroken: number };
  changes: Array<{ url: string; change: string; firstSeenAt: string }>;
}

async function diffJson(ids: string[], options: { site?: string } = {}): Promise<DiffJson> {
  const run = fakeIo();
  expect(await runDiff(ids, { db: s.db, format: 'json', ...options }, run.io)).toBe(0);
  return JSON.parse(run.out()) as DiffJson;
}

describe('diff', () => {
  it('reports new, fixed and still broken findings with first-seen dates', async () => {
    const diff = await diffJson([s.first.id, s.second.id]);
    expect(diff.counts).toEqual({ new: 1, fixed: 1, stillBroken: 3 });
    const byUrl = new Map(diff.changes.map((c) => [c.url, c]));
    expect(byUrl.get(NEW)).toMatchObject({ change: 'new', firstSeenAt: s.second.startedAt });
    expect(byUrl.get(FIXED)).toMatchObject({ change: 'fixed', firstSeenAt: s.first.startedAt });
    expect(byUrl.get(MISSING)).toMatchObject({ change: 'still_broken', firstSeenAt: s.first.startedAt });
  });

  it('carries first-seen back through earlier scans in which the URL kept failing', async () => {
    const third = await recordScan(s.db, s.site.id, [finding(MISSING)]);
    const diff = await diffJson([s.second.id, third.id]);
    expect(diff.changes.find((c) => c.url === MISSING)).toMatchObject({ change: 'still_broken', firstSeenAt: s.first.startedAt });
  });

  it('defaults to the latest scan against the one before: of the last scanned site, of --site, or before one id', async () => {
    for (const diff of [await diffJson([]), await diffJson([], { site: 'shop.example.test' }), await diffJson([s.second.id.slice(0, 8)])]) {
      expect([diff.previous.id, diff.current.id]).toEqual([s.first.id, s.second.id]);
    }
  });

  it('prints a readable text summary', async () => {
    const run = fakeIo();
    expect(await runDiff([s.first.id, s.second.id], { db: s.db }, run.io)).toBe(0);
    const out = run.out();
    expect(out).toContain('1 new · 1 fixed · 3 still broken');
    expect(out).toMatch(new RegExp(`New \\(1\\)\\n {2}${NEW}  404 Not Found · first seen \\d{4}-\\d{2}-\\d{2}`));
    expect(out).toContain(`  ${FIXED}  was 404 Not Found · broken since`);
    expect(out).toContain('Still broken (3)');
  });

  it('leaves blacklisted URLs out of the comparison', async () => {
    await runBlacklistAdd(SITE, RETIRED, { db: s.db }, fakeIo().io);
    const diff = await diffJson([s.first.id, s.second.id]);
    expect(diff.changes.map((c) => c.url)).not.toContain(RETIRED);
  });

  it('explains in one line when there is nothing to compare', async () => {
    const blog = fakeIo();
    expect(await runDiff([], { db: s.db, site: 'blog.example.test' }, blog.io)).toBe(2);
    expect(blog.err()).toBe('dislike404: https://blog.example.test/ has no finished scan before any to compare with\n');
    const first = fakeIo();
    expect(await runDiff([s.first.id], { db: s.db }, first.io)).toBe(2);
    expect(first.err()).toBe(`dislike404: ${SITE} has no finished scan before ${s.first.id.slice(0, 8)} to compare with\n`);
    const empty = join(root, `empty-${++counter}.sqlite`);
    const none = fakeIo();
    expect(await runDiff([], { db: empty }, none.io)).toBe(2);
    expect(none.err()).toBe('dislike404: no finished scans to compare; run dislike404 scan <url> twice, or name scans or --site\n');
    const unfinished = fakeIo();
    const store = await openStore(s.db);
    const running = await store.createScan({ siteId: s.site.id, options: {}, status: 'running' });
    await store.close();
    expect(await runDiff([s.first.id, running.id], { db: s.db }, unfinished.io)).toBe(2);
    expect(unfinished.err()).toBe(`dislike404: scan ${running.id.slice(0, 8)} has not finished (status running); only finished scans can be compared\n`);
  });
});

describe('blacklist', () => {
  it('adds, lists and removes rules; ids may be prefixes', async () => {
    const add = fakeIo();
    expect(await runBlacklistAdd(SITE, 'https://partner.example.test/', { db: s.db, kind: 'prefix', status: '503, 502', scope: 'external', note: 'their API is flaky', author: 'ana' }, add.io)).toBe(0);
    expect(add.out()).toMatch(/^Added blacklist rule [0-9a-f]{8} to https:\/\/shop\.example\.test\/: prefix "https:\/\/partner\.example\.test\/" \(when 502 or 503, external links only\)\n$/);
    await runBlacklistAdd(SITE, `${SITE}*.pdf`, { db: s.db, kind: 'glob', error: 'dns_not_found' }, fakeIo().io);

    const list = fakeIo();
    expect(await runBlacklistList(SITE, { db: s.db }, list.io)).toBe(0);
    const lines = list.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+KIND\s+PATTERN\s+STATUS\s+ERROR\s+SCOPE\s+AUTHOR\s+ADDED\s+NOTE$/);
    expect(lines[1]).toMatch(/^[0-9a-f]{8}\s+prefix\s+https:\/\/partner\.example\.test\/\s+502,503\s+any\s+external\s+ana\s+\S+ \S+\s+their API is flaky$/);
    expect(lines[2]).toMatch(/\sglob\s.*\sany\s+DNS_NOT_FOUND\s+any\s+-\s/);

    const store = await openStore(s.db);
    const [rule] = await store.listBlacklistRules(s.site.id);
    await store.close();
    const remove = fakeIo();
    expect(await runBlacklistRemove('shop.example.test', rule?.id.slice(0, 6) ?? '', { db: s.db }, remove.io)).toBe(0);
    expect(remove.out()).toBe(`Removed blacklist rule ${rule?.id.slice(0, 8)} (prefix "https://partner.example.test/") from ${SITE}\n`);
    const after = fakeIo();
    await runBlacklistList(SITE, { db: s.db }, after.io);
    expect(after.out().trimEnd().split('\n')).toHaveLength(2);
  });

  it('refuses a broken regex with one line naming the problem, and stores nothing', async () => {
    const run = fakeIo();
    expect(await runBlacklistAdd(SITE, '^https://shop\\.example\\.test/(old', { db: s.db, kind: 'regex' }, run.io)).toBe(2);
    expect(run.err()).toMatch(/^dislike404: pattern: Invalid regular expression ".*": .*Unterminated group\n$/);
    const list = fakeIo();
    await runBlacklistList(SITE, { db: s.db }, list.io);
    expect(list.out()).toContain('No blacklist rules for');
  });

  it.each([
    [{ status: '4o4' }, /^dislike404: --status: Expected comma-separated HTTP statuses such as 404,410, got "4o4"\n$/],
    [{ error: 'NOT_A_CODE' }, /^dislike404: --error: Expected errorCodes to be known error codes or null, got "NOT_A_CODE"\n$/],
    [{ kind: 'fuzzy' }, /^dislike404: --kind: Expected kind to be one of exact, prefix, glob, regex, got "fuzzy"\n$/],
    [{ scope: 'everywhere' }, /^dislike404: --scope: Expected scope to be one of internal, external, any, got "everywhere"\n$/],
  ])('refuses %o in one line', async (options, message) => {
    const run = fakeIo();
    expect(await runBlacklistAdd(SITE, `${SITE}x`, { db: s.db, ...options }, run.io)).toBe(2);
    expect(run.err()).toMatch(message);
  });

  it('says which rule id was not found', async () => {
    const run = fakeIo();
    expect(await runBlacklistRemove(SITE, 'abcdef12', { db: s.db }, run.io)).toBe(2);
    expect(run.err()).toBe(`dislike404: no blacklist rule matches "abcdef12" (see dislike404 blacklist list ${SITE})\n`);
  });
});

describe('database location and failures', () => {
  it('takes --db, else DISLIKE404_DB, else the per-user default; relative paths from the working directory', () => {
    expect(resolveDatabaseLocation('/x/a.sqlite', { DISLIKE404_DB: '/y/b.sqlite' })).toBe('/x/a.sqlite');
    expect(resolveDatabaseLocation(undefined, { DISLIKE404_DB: '/y/b.sqlite' })).toBe('/y/b.sqlite');
    expect(resolveDatabaseLocation(undefined, { XDG_DATA_HOME: '/data' })).toBe('/data/dislike404/dislike404.sqlite');
    expect(resolveDatabaseLocation('rel/c.sqlite', {}, '/work')).toBe('/work/rel/c.sqlite');
    expect(resolveDatabaseLocation('postgres://u@db.test/x', {}, '/work')).toBe('postgres://u@db.test/x');
  });

  it('uses DISLIKE404_DB when no --db is given', async () => {
    const run = fakeIo({ DISLIKE404_DB: s.db });
    expect(await runSitesList({}, run.io)).toBe(0);
    expect(run.out()).toContain(SITE);
  });

  it('turns a file that is not a database into one DB_CORRUPT line, exit 2, file untouched', async () => {
    const path = join(root, `garbage-${++counter}.sqlite`);
    const garbage = Buffer.from('not a database\n'.repeat(300));
    await writeFile(path, garbage);
    const run = fakeIo();
    expect(await runSitesList({ db: path }, run.io)).toBe(2);
    expect(run.err()).toBe(`dislike404: ${path} is not a SQLite database (left untouched); point --db (or DISLIKE404_DB) at another file\n`);
    expect((await readFile(path)).equals(garbage)).toBe(true);
  });

  it('turns a database from a newer release into one DB_TOO_NEW line, exit 2', async () => {
    const db = new Database(s.db);
    db.prepare('update schema_version set version = ?').run(LATEST_SCHEMA_VERSION + 1);
    db.close();
    const run = fakeIo();
    expect(await runHistory(SITE, { db: s.db }, run.io)).toBe(2);
    expect(run.err()).toMatch(/^dislike404: .* has schema version \d+, newer than this dislike404 knows \(\d+\); upgrade dislike404 to open it; or point --db at another database\n$/);
  });
});

describe('registerStoreCommands', () => {
  async function cli(argv: string[]): Promise<{ code: number; run: Run }> {
    const run = fakeIo();
    let code = 0;
    const program = new Command('dislike404').exitOverride().configureOutput({ writeOut: (t) => run.io.stdout.write(t), writeErr: (t) => run.io.stderr.write(t) });
    registerStoreCommands(program, run.io, (c) => (code = c));
    try {
      await program.parseAsync(argv, { from: 'user' });
    } catch {
      code = 2;
    }
    return { code, run };
  }

  it('wires every command with its arguments and options', async () => {
    expect((await cli(['sites', 'list', '--db', s.db])).run.out()).toContain(SITE);
    expect((await cli(['history', 'shop.example.test', '--limit', '1', '--db', s.db])).run.out()).toContain(s.second.id.slice(0, 8));
    expect((await cli(['report', s.second.id, '--format', 'csv', '--db', s.db])).run.out()).toMatch(/^url,status,/);
    expect((await cli(['diff', '--site', SITE, '--format', 'json', '--db', s.db])).run.out()).toContain('"stillBroken": 3');
    expect((await cli(['blacklist', 'add', SITE, `${SITE}x`, '--kind', 'prefix', '--note', 'n', '--db', s.db])).code).toBe(0);
    expect((await cli(['blacklist', 'list', SITE, '--db', s.db])).run.out()).toContain('prefix');
    expect((await cli(['sites', 'add', 'new.example.test', '--name', 'New', '--db', s.db])).run.out()).toContain('(New)');
    expect((await cli(['sites', 'show', 'new.example.test', '--db', s.db])).run.out()).toContain('Site       New');
    expect((await cli(['sites', 'remove', 'new.example.test', '--db', s.db])).code).toBe(0);
  });

  it('passes exit code 2 up for a usage error inside a command and for a bad choice', async () => {
    const missing = await cli(['history', 'nowhere.test', '--db', s.db]);
    expect(missing.code).toBe(2);
    expect(missing.run.err()).toBe('dislike404: no site matches "nowhere.test" (see dislike404 sites list)\n');
    expect((await cli(['report', s.second.id, '--format', 'pdf', '--db', s.db])).code).toBe(2);
  });
});
