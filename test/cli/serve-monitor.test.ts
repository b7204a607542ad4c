import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runServe, type ServeHooks } from '../../src/cli/commands/serve-command.js';
import { parseStartUrl } from '../../src/crawl/start-url.js';
import { parseSchedule } from '../../src/schedule/schedule-spec.js';
import { readSiteSchedule, withSchedule } from '../../src/schedule/site-schedule.js';
import { openAccountsStore } from '../../src/store/open-accounts-store.js';
import { openStore, type Scan } from '../../src/store/store.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';

let dir: string;
let site: TestSite;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dislike404-serve-monitor-'));
  site = await startSite({ '/': page('<a href="/about">About</a>'), '/about': page('<a href="/">Home</a>') });
});
afterEach(async () => {
  await site.close();
  await rm(dir, { recursive: true, force: true });
});

function io(signal: AbortSignal): CliIo & { err: () => string } {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c) => (err += String(c)));
  return { stdout: new PassThrough(), stderr, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: dir, signal, err: () => err };
}

/** A site scheduled daily since three days ago: its missed runs are due the moment the server starts. */
async function scheduledSite(db: string, options: { url?: string; owner?: string; settings?: Record<string, unknown> } = {}): Promise<string> {
  const store = await openStore(db);
  const added = await store.addSite({ url: parseStartUrl(options.url ?? site.url('/')).href, owner: options.owner ?? null, settings: options.settings ?? {} });
  const daily = parseSchedule({ kind: 'daily', at: '00:00', timezone: 'UTC' });
  if (!daily.ok) throw new Error(daily.message);
  await store.updateSiteSettings(added.id, withSchedule(added.settings, daily.schedule, new Date(Date.now() - 3 * 86_400_000)));
  await store.close();
  return added.id;
}

/** Runs `serve` until the site has one finished scan, then shuts it down; returns that scan and the log. */
async function serveUntilScanned(db: string, siteId: string, allowPrivateNetworks: boolean, hooks: ServeHooks = {}) {
  const controller = new AbortController();
  const cli = io(controller.signal);
  const running = runServe({ port: '0', host: '127.0.0.1', db, allowPrivateNetworks }, cli, { scanOverrides: { timeoutMs: 5000, retries: 0, parseWorkers: 0 }, ...hooks });
  const reader = await openStore(db);
  let scans: Scan[] = [];
  for (let i = 0; i < 200 && !scans.some((s) => s.finishedAt !== null); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    scans = await reader.listScans(siteId);
  }
  const schedule = readSiteSchedule((await reader.getSite(siteId))?.settings ?? {});
  await reader.close();
  controller.abort();
  expect(await running).toBe(0);
  return { scans, schedule, log: cli.err() };
}

it('serve runs a missed scheduled scan once at start-up, with private networks as the operator allowed', async () => {
  const db = join(dir, 'serve.sqlite');
  const siteId = await scheduledSite(db);
  const { scans, schedule, log } = await serveUntilScanned(db, siteId, true);
  expect(scans).toHaveLength(1);
  expect(scans[0]?.status).toBe('completed');
  expect(scans[0]?.summary?.broken).toBe(0);
  expect(site.hits('/about')).toBeGreaterThan(0);
  expect(schedule?.lastRunAt).not.toBeNull();
  expect(log).toMatch(/dislike404 monitor: scanned http:\/\/127\.0\.0\.1:\d+\/ \(scan \w+\): 0 broken/);
});

it('scheduled scans inside serve refuse private addresses unless the operator allows them', async () => {
  const db = join(dir, 'serve.sqlite');
  const siteId = await scheduledSite(db);
  const { scans } = await serveUntilScanned(db, siteId, false);
  expect(scans).toHaveLength(1);
  expect(scans[0]?.status).toBe('failed');
  expect(scans[0]?.failure).toMatch(/^The start URL could not be fetched \(BLOCKED_PRIVATE_ADDRESS/);
  expect(site.requests).toEqual([]);
});

it('scheduled scans in serve are the web app’s scans: the site’s exclude setting and the unverified page cap apply, outside the daily quota', async () => {
  await site.close();
  const links = '<a href="/a">A</a> <a href="/b">B</a> <a href="/c">C</a> <a href="/private/secret">Private</a>';
  site = await startSite({ '/': page(links), '/a': page(links), '/b': page(links), '/c': page(links), '/private/secret': page('hidden') });
  const db = join(dir, 'serve.sqlite');
  // The store creates the database file; the accounts tables live beside its tables.
  await (await openStore(db)).close();
  const accounts = await openAccountsStore(db);
  const user = await accounts.addUser({ email: 'owner@example.com', passwordHash: 'x', createdAt: new Date().toISOString() });
  const siteId = await scheduledSite(db, { owner: user.id, settings: { exclude: ['/private/**'] } });
  // No on-demand scans at all for unverified sites: the scheduled one must still run.
  const { scans, log } = await serveUntilScanned(db, siteId, true, { quotas: { unverified: { maxPages: 2, scansPerDay: 0 } } });
  expect(scans).toHaveLength(1);
  expect(scans[0]?.status).toBe('completed');
  expect(scans[0]?.options.trigger).toBe('schedule');
  expect(scans[0]?.summary?.pagesCrawled).toBe(2);
  expect(scans[0]?.limitsHit).toContain('maxPages');
  expect(site.requests.filter((r) => r.includes('/private/'))).toEqual([]);
  expect(await accounts.countScanRequests(siteId, new Date(0).toISOString())).toBe(0);
  await accounts.close();
  expect(log).toContain('password reset by email is disabled');
});

it('a scheduled scan whose start URL does not answer is recorded failed with a one-line reason', async () => {
  const gone = await startSite({});
  const url = gone.url('/');
  await gone.close();
  const db = join(dir, 'serve.sqlite');
  const siteId = await scheduledSite(db, { url });
  const { scans, log } = await serveUntilScanned(db, siteId, true);
  expect(scans[0]?.status).toBe('failed');
  expect(scans[0]?.failure).toMatch(/^The start URL could not be fetched \(CONNECTION_REFUSED[^\n]*$/);
  expect(log).toMatch(/dislike404 monitor: scan of http:\/\/127\.0\.0\.1:\d+\/ \(scan \w+\) failed: The start URL could not be fetched/);
});
