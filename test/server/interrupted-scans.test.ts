import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/server/api-tokens.js';
import { buildApp } from '../../src/server/app.js';
import { INTERRUPTED_BY_RESTART, INTERRUPTED_ELSEWHERE, sweepInterruptedScans } from '../../src/server/interrupted-scans.js';
import { hashPassword } from '../../src/server/passwords.js';
import { when } from '../../src/server/views/dashboard-view.js';
import { openAccountsStore } from '../../src/store/open-accounts-store.js';
import { openStore, type Store } from '../../src/store/store.js';
import { page, startSite, type Route, type TestSite } from '../helpers/test-site.js';
import { waitForStoredScan } from './server-harness.js';

const bin = fileURLToPath(new URL('../../bin/dislike404.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
/** Past the liveness window: what a clock reads when the server comes back a minute later. */
const A_MINUTE_LATER = (): Date => new Date(Date.now() + 60_000);

let dir: string;
let dbPath: string;
const cleanups: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dislike404-interrupted-'));
  dbPath = join(dir, 'app.sqlite');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function open(): Promise<Store> {
  const store = await openStore(dbPath);
  cleanups.push(() => store.close());
  return store;
}

/** A user with a token and an owned site, written the way the web app writes them. */
async function seedOwner(store: Store, url: string): Promise<{ token: string; siteId: string }> {
  const accounts = await openAccountsStore(dbPath);
  try {
    const user = await accounts.addUser({ email: 'owner@example.com', passwordHash: await hashPassword('a long enough password'), createdAt: new Date().toISOString() });
    const { token } = await createApiToken(accounts, user.id, 'test', new Date());
    const site = await store.addSite({ url, owner: user.id });
    return { token, siteId: site.id };
  } finally {
    await accounts.close();
  }
}

function slowSite(): Record<string, Route> {
  const routes: Record<string, Route> = { '/': page(Array.from({ length: 40 }, (_, i) => `<a href="/p/${i}">page ${i}</a>`).join('\n')) };
  for (let i = 0; i < 40; i++) {
    routes[`/p/${i}`] = (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page(`<a href="/">home</a>`));
      }, 300);
    };
  }
  return routes;
}

async function serve(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', dbPath, '--allow-private-networks'], { env: { ...process.env, DISLIKE404_DB: '' } });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout?.resume();
  for (let i = 0; i < 200; i += 1) {
    const base = /serving on (\S+)/.exec(stderr)?.[1];
    if (base !== undefined) return { child, base };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`serve did not start: ${stderr}`);
}

describe('scans interrupted by a server restart', () => {
  it.skipIf(!built)('marks the scan of a killed server interrupted when the next server starts, and the pages and APIs say so', async () => {
    const site: TestSite = await startSite(slowSite());
    cleanups.push(() => site.close());
    const seeding = await open();
    const { token, siteId } = await seedOwner(seeding, site.url('/'));
    await seeding.close();
    cleanups.pop();

    const first = await serve();
    const auth = { authorization: `Bearer ${token}` };
    const started = await fetch(`${first.base}/api/v2/sites/${siteId}/scans`, { method: 'POST', headers: auth });
    expect(started.status).toBe(202);
    const scanId = ((await started.json()) as { id: string }).id;
    // Long enough for a checkpoint (flushed every second), well short of the scan's ~3 s.
    await new Promise((resolve) => setTimeout(resolve, 1800));
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const store = await open();
    expect((await store.getScan(scanId))?.status).toBe('running');
    const accounts = await openAccountsStore(dbPath);
    cleanups.push(() => accounts.close());
    // The next server starts a minute later: the killed process has not checkpointed since.
    const app = await buildApp({ store, accounts, allowPrivateNetworks: true, clock: A_MINUTE_LATER });
    cleanups.push(() => app.close());

    const scan = await store.getScan(scanId);
    expect(scan).toMatchObject({ status: 'interrupted', failure: INTERRUPTED_BY_RESTART });
    const v2 = await app.inject({ method: 'GET', url: `/api/v2/scans/${scanId}`, headers: auth });
    expect(v2.json()).toMatchObject({ status: 'interrupted', failure: INTERRUPTED_BY_RESTART, live: null });
    const v1 = await app.inject({ method: 'GET', url: `/api/v1/urls/${siteId}/status`, headers: auth });
    expect((v1.json() as { data: { status: string } }).data.status).toBe('aborted');
    // Stopping it is idempotent: it already ended.
    const stop = await app.inject({ method: 'POST', url: `/api/v2/scans/${scanId}/stop`, headers: auth });
    expect(stop.statusCode).toBe(200);
    expect(stop.json()).toMatchObject({ status: 'interrupted' });
    // Resuming carries on from the last checkpoint: what was checked is not fetched again.
    const fetchedBefore = site.requests.filter((r) => r.startsWith('GET /p/')).length;
    const checkedBefore = (await store.loadCheckpoint(scanId)).entries.filter((e) => e.state === 'done').length;
    const resumed = await app.inject({ method: 'POST', url: `/api/v2/scans/${scanId}/resume`, headers: auth });
    expect(resumed.statusCode).toBe(202);
    expect(resumed.json()).toMatchObject({ id: scanId, status: 'running' });
    const final = await waitForStoredScan(store, scanId);
    expect(final).toMatchObject({ status: 'completed', failure: null });
    expect(final?.summary?.pagesCrawled).toBe(41);
    const fetchedAfter = site.requests.filter((r) => r.startsWith('GET /p/')).length - fetchedBefore;
    expect(checkedBefore).toBeGreaterThan(0);
    expect(fetchedAfter).toBeLessThan(40);
    // Only an interrupted scan resumes.
    const twice = await app.inject({ method: 'POST', url: `/api/v2/scans/${scanId}/resume`, headers: auth });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'SCAN_NOT_RESUMABLE' });
    // And a new scan can start at once.
    const again = await app.inject({ method: 'POST', url: `/api/v2/sites/${siteId}/scans`, headers: auth });
    expect(again.statusCode).toBe(202);
  });

  it('leaves a scan another live process is running alone, and marks it only once it stops checkpointing', async () => {
    const store = await open();
    const cliSite = await store.addSite({ url: 'https://cli.example/' });
    const running = await store.createScan({ siteId: cliSite.id, options: {}, status: 'running' });
    await store.checkpoint(running.id, { counters: { pagesCrawled: 1 } });
    let clock = new Date();
    const sweep = await sweepInterruptedScans({ store, now: () => clock, recheckAfterMs: 20 });
    cleanups.push(async () => sweep.close());
    expect(sweep.interrupted).toEqual([]);
    // Still checkpointing at the recheck: still left alone.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await store.getScan(running.id))?.status).toBe('running');
    // The process died: a minute passes without a checkpoint.
    clock = A_MINUTE_LATER();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await sweep.settled();
    expect(await store.getScan(running.id)).toMatchObject({ status: 'interrupted', failure: INTERRUPTED_ELSEWHERE });
  });

  it('never overwrites a scan that finished meanwhile, a scan running in this process, or finished scans', async () => {
    const store = await open();
    const site = await store.addSite({ url: 'https://owned.example/', owner: 'user-1' });
    const finishing = await store.createScan({ siteId: site.id, options: {}, status: 'running' });
    const other = await store.addSite({ url: 'https://other.example/', owner: 'user-1' });
    const here = await store.createScan({ siteId: other.id, options: {}, status: 'running' });
    const done = await store.addSite({ url: 'https://done.example/' });
    const completed = await store.createScan({ siteId: done.id, options: {}, status: 'running' });
    await store.markScanStatus(completed.id, 'aborted');
    const queued = await store.createScan({ siteId: done.id, options: {} });

    let clock = new Date();
    const sweep = await sweepInterruptedScans({ store, now: () => clock, recheckAfterMs: 20, isRunningHere: (siteId) => siteId === other.id });
    cleanups.push(async () => sweep.close());
    expect(sweep.interrupted).toEqual([]);
    await store.markScanStatus(finishing.id, 'completed');
    clock = A_MINUTE_LATER();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await store.getScan(finishing.id))?.status).toBe('completed');
    expect((await store.getScan(here.id))?.status).toBe('running');
    expect((await store.getScan(completed.id))?.status).toBe('aborted');
    expect(await store.getScan(queued.id)).toMatchObject({ status: 'interrupted', failure: INTERRUPTED_ELSEWHERE });
    sweep.close();

    // A fresh start a minute later marks what is still left running with no live process.
    const later = await sweepInterruptedScans({ store, now: A_MINUTE_LATER });
    expect(later.interrupted.map((s) => s.id)).toEqual([here.id]);
    expect(later.interrupted[0]).toMatchObject({ status: 'interrupted', failure: INTERRUPTED_BY_RESTART });
  });

  it('stop answers 409 for a scan another live process runs, and 200 once that scan is over', async () => {
    const store = await open();
    const { token, siteId } = await seedOwner(store, 'https://busy.example/');
    const accounts = await openAccountsStore(dbPath);
    cleanups.push(() => accounts.close());
    // As a CLI scan in another process leaves it: running, checkpointing.
    const elsewhere = await store.createScan({ siteId, options: {}, status: 'running' });
    await store.checkpoint(elsewhere.id, { counters: { pagesCrawled: 3 } });
    const app = await buildApp({ store, accounts, allowPrivateNetworks: true });
    cleanups.push(() => app.close());
    const stop = () => app.inject({ method: 'POST', url: `/api/v2/scans/${elsewhere.id}/stop`, headers: { authorization: `Bearer ${token}` } });
    const refused = await stop();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ code: 'SCAN_ALREADY_RUNNING', message: 'This scan is running in another process (the CLI or another server) and can only be stopped there' });
    expect((await store.getScan(elsewhere.id))?.status).toBe('running');
    await store.markScanStatus(elsewhere.id, 'completed');
    const done = await stop();
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ id: elsewhere.id, status: 'completed' });
    // The OpenAPI document lists all three answers.
    const doc = (await app.inject({ method: 'GET', url: '/api/v2/openapi.json' })).json() as { paths: Record<string, { post: { responses: Record<string, unknown> } }> };
    expect(Object.keys(doc.paths['/api/v2/scans/{id}/stop']?.post.responses ?? {})).toEqual(expect.arrayContaining(['200', '202', '409']));
  });

  it('shows the interruption on the dashboard', async () => {
    const store = await open();
    const accounts = await openAccountsStore(dbPath);
    cleanups.push(() => accounts.close());
    const app = await buildApp({ store, accounts, allowPrivateNetworks: true, clock: A_MINUTE_LATER });
    cleanups.push(() => app.close());
    const page = await app.inject({ method: 'GET', url: '/signup' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const anon = page.cookies.find((c) => c.name === 'd404_csrf')?.value ?? '';
    const signup = await app.inject({
      method: 'POST',
      url: '/signup',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `d404_csrf=${anon}` },
      payload: new URLSearchParams({ email: 'dash@example.com', password: 'correct horse battery', _csrf: csrf }).toString(),
    });
    const cookie = `d404_session=${signup.cookies.find((c) => c.name === 'd404_session')?.value ?? ''}`;
    const user = await accounts.getUserByEmail('dash@example.com');
    const site = await store.addSite({ url: 'https://dash.example/', owner: user?.id ?? '' });
    const scan = await store.createScan({ siteId: site.id, options: {}, status: 'running' });
    // Another server start (a minute later) sweeps it.
    await (await sweepInterruptedScans({ store, now: A_MINUTE_LATER })).settled();
    const home = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
    expect(home.body).toContain(`<strong>interrupted</strong>`);
    expect(home.body).toContain(`<p class="failure">${INTERRUPTED_BY_RESTART}</p>`);
    expect(home.body).toContain(`/scans/${scan.id}`);
    expect(home.body).toMatch(/<strong>interrupted<\/strong>, <time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time>/);
  });
});

describe('dates on the web pages', () => {
  it('read as UTC minutes whatever spelling the store returned', () => {
    expect(when('2026-11-27T07:03:59.999Z').html).toBe('<time datetime="2026-11-27T07:03:59.999Z">2026-11-27 07:03 UTC</time>');
    expect(when('2026-11-27T09:03:00+02:00').html).toBe('<time datetime="2026-11-27T07:03:00.000Z">2026-11-27 07:03 UTC</time>');
    expect(when(null).html).toBe('—');
    expect(when('<not a date>').html).toBe('&#60;not a date&#62;');
  });
});
