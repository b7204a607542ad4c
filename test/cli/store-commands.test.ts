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
