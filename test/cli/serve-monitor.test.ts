import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runServe } from '../../src/cli/commands/serve-command.js';
import { parseStartUrl } from '../../src/crawl/start-url.js';
import { parseSchedule } from '../../src/schedule/schedule-spec.js';
import { readSiteSchedule, withSchedule } from '../../src/schedule/site-schedule.js';
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
async function scheduledSite(db: string): Promise<string> {
  const store = await openStore(db);
  const added = await store.addSite({ url: parseStartUrl(site.url('/')).href });
  const daily = parseSchedule({ kind: 'daily', at: '00:00', timezone: 'UTC' });
  if (!daily.ok) throw new Error(daily.message);
  await store.updateSiteSettings(added.id, withSchedule(added.settings, daily.schedule, new Date(Date.now() - 3 * 86_400_000)));
  await store.close();
  return added.id;
}

/** Runs `serve` until the site has one finished scan, then shuts it down; returns that scan and the log. */
async function serveUntilScanned(db: string, siteId: string, allowPrivateNetworks: boolean) {
  const controller = new AbortController();
  const cli = io(controller.signal);
  const running = runServe({ port: '0', host: '127.0.0.1', db, allowPrivateNetworks }, cli, { scanOverrides: { timeoutMs: 5000, retries: 0, parseWorkers: 0 } });
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
  expect(site.requests).toEqual([]);
});
