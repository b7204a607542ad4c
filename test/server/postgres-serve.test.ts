import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runServe } from '../../src/cli/commands/serve-command.js';
import { createChannel, withChannels } from '../../src/notify/alert-channel.js';
import { parseSchedule } from '../../src/schedule/schedule-spec.js';
import { readSiteSchedule, withSchedule } from '../../src/schedule/site-schedule.js';
import { createApiToken } from '../../src/server/api-tokens.js';
import { buildApp } from '../../src/server/app.js';
import { INTERRUPTED_BY_RESTART } from '../../src/server/interrupted-scans.js';
import { hashPassword } from '../../src/server/passwords.js';
import { openAccountsStore } from '../../src/store/open-accounts-store.js';
import { openStore, type Scan } from '../../src/store/store.js';
import { page, startSite, type Route } from '../helpers/test-site.js';
import { startWebhookReceiver } from '../notify/receivers.js';
import { describePostgres, dropPostgresSchemas, freshPostgresLocation, postgresProblem } from '../helpers/postgres.js';
import { waitForStoredScan } from './server-harness.js';

const bin = fileURLToPath(new URL('../../bin/dislike404.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
const problem = await postgresProblem();

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A user with a token and an owned site in the schema, written as the web app writes them. */
async function seed(location: string, url = 'https://owned.example/', settings: Record<string, unknown> = {}): Promise<{ token: string; siteId: string }> {
  const store = await openStore(location);
  const accounts = await openAccountsStore(location);
  try {
    const user = await accounts.addUser({ email: 'owner@example.com', passwordHash: await hashPassword('a long enough password'), createdAt: new Date().toISOString() });
    const { token } = await createApiToken(accounts, user.id, 'test', new Date());
    const site = await store.addSite({ url, owner: user.id, settings });
    return { token, siteId: site.id };
  } finally {
    await accounts.close();
    await store.close();
  }
}

interface Served {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/** `dislike404 serve` as its own process over the store at `location`; killed after the test if still running. */
function startServe(location: string): Served {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', location, '--allow-private-networks'], { env: { ...process.env, DISLIKE404_DB: '' } });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout?.resume();
  return { child, exited, stderr: () => stderr };
}

async function servingOn(child: ChildProcess, stderr: () => string): Promise<string> {
  for (let i = 0; i < 200 && child.exitCode === null; i += 1) {
    const base = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr())?.[1];
    if (base !== undefined) return base;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`serve did not start: ${stderr()}`);
}

// `npm test` builds dist/ first (pretest); running vitest directly without a build skips this file.
describePostgres('dislike404 serve --db postgres://…', problem, () => {
  it.skipIf(!built)('serves the login page and the API from the Postgres schema over a real socket, and stops cleanly on SIGTERM', async () => {
    const { location, schema } = freshPostgresLocation('srv');
    cleanups.push(() => dropPostgresSchemas([schema]));
    const { token, siteId } = await seed(location);

    const { child, exited, stderr: output } = startServe(location);
    const base = await servingOn(child, output);
    expect(output()).toContain('(private networks allowed)');

    const login = await fetch(`${base}/login`);
    expect(login.status).toBe(200);
    expect(login.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await login.text()).toMatch(/<form[^>]+method="post"[^>]+action="\/login"/);
    // The data it serves is the schema's: the seeded token authenticates and lists the seeded site.
    const listed = await fetch(`${base}/api/v1/urls`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ data: [{ uuid: siteId, url: 'https://owned.example/', domain: 'owned.example', verified: false }] });
    expect((await fetch(`${base}/api/v1/urls`, { headers: { authorization: 'Bearer d404_nope' } })).status).toBe(401);

    child.kill('SIGTERM');
    const outcome = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000))]);
    expect(outcome, output()).toEqual({ code: 0, signal: null });
    await expect(fetch(`${base}/login`)).rejects.toThrow();
  });

  it.skipIf(!built)('marks the scan of a killed server interrupted when the next app starts over the schema, and resumes it from the checkpoint', async () => {
    const site = await startSite(slowSite());
    cleanups.push(() => site.close());
    const { location, schema } = freshPostgresLocation('srv');
    cleanups.push(() => dropPostgresSchemas([schema]));
    const { token, siteId } = await seed(location, site.url('/'));
    const auth = { authorization: `Bearer ${token}` };

    const first = startServe(location);
    const base = await servingOn(first.child, first.stderr);
    const started = await fetch(`${base}/api/v2/sites/${siteId}/scans`, { method: 'POST', headers: auth });
    expect(started.status).toBe(202);
    const scanId = ((await started.json()) as { id: string }).id;
    // Long enough for a checkpoint (flushed every second), well short of the scan's ~3 s.
    await new Promise((resolve) => setTimeout(resolve, 1800));
    first.child.kill('SIGKILL');
    await first.exited;

    const store = await openStore(location);
    cleanups.push(() => store.close());
    expect((await store.getScan(scanId))?.status).toBe('running');
    const accounts = await openAccountsStore(location);
    cleanups.push(() => accounts.close());
    // The next server starts a minute later: the killed process has not checkpointed since.
    const app = await buildApp({ store, accounts, allowPrivateNetworks: true, clock: () => new Date(Date.now() + 60_000) });
    cleanups.push(() => app.close());
    expect(await store.getScan(scanId)).toMatchObject({ status: 'interrupted', failure: INTERRUPTED_BY_RESTART });
    const v1 = await app.inject({ method: 'GET', url: `/api/v1/urls/${siteId}/status`, headers: auth });
    expect((v1.json() as { data: { status: string } }).data.status).toBe('aborted');

    const fetchedBefore = site.requests.filter((r) => r.startsWith('GET /p/')).length;
    const checkedBefore = (await store.loadCheckpoint(scanId)).entries.filter((e) => e.state === 'done').length;
    expect(checkedBefore).toBeGreaterThan(0);
    const resumed = await app.inject({ method: 'POST', url: `/api/v2/scans/${scanId}/resume`, headers: auth });
    expect(resumed.statusCode).toBe(202);
    const final = await waitForStoredScan(store, scanId);
    expect(final).toMatchObject({ status: 'completed', failure: null });
    expect(final?.summary?.pagesCrawled).toBe(41);
    expect(site.requests.filter((r) => r.startsWith('GET /p/')).length - fetchedBefore).toBeLessThan(40);
  });
});

function slowSite(): Record<string, Route> {
  const routes: Record<string, Route> = { '/': page(Array.from({ length: 40 }, (_, i) => `<a href="/p/${i}">page ${i}</a>`).join('\n')) };
  for (let i = 0; i < 40; i++) {
    routes[`/p/${i}`] = (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page('<a href="/">home</a>'));
      }, 300);
    };
  }
  return routes;
}

const SECRET = 'whsec-postgres-0123456789abcdef';

function io(signal: AbortSignal): CliIo & { err: () => string } {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c) => (err += String(c)));
  return { stdout: new PassThrough(), stderr, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: process.cwd(), signal, err: () => err };
}

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describePostgres('serve on Postgres: schedules and alerts', problem, () => {
  it('runs a missed scheduled scan at start-up and alerts a webhook after it and after an on-demand scan, recording both deliveries', async () => {
    const site = await startSite({ '/': page('<a href="/about">About</a> <a href="/missing">Missing</a>'), '/about': page('About') });
    cleanups.push(() => site.close());
    const receiver = await startWebhookReceiver({ secret: SECRET });
    cleanups.push(() => receiver.close());
    const { location, schema } = freshPostgresLocation('srv');
    cleanups.push(() => dropPostgresSchemas([schema]));
    const daily = parseSchedule({ kind: 'daily', at: '00:00', timezone: 'UTC' });
    if (!daily.ok) throw new Error(daily.message);
    const channel = createChannel({ kind: 'webhook', url: receiver.url, secret: SECRET, everyScan: true }, new Date());
    const settings = withChannels(withSchedule({}, daily.schedule, new Date(Date.now() - 3 * 86_400_000)), [channel]);
    const { token, siteId } = await seed(location, site.url('/'), settings);

    const controller = new AbortController();
    const cli = io(controller.signal);
    const running = runServe({ port: '0', host: '127.0.0.1', db: location, allowPrivateNetworks: true }, cli, { scanOverrides: { timeoutMs: 5000, retries: 0, parseWorkers: 0 } });
    cleanups.push(async () => {
      controller.abort();
      await running.catch(() => undefined);
    });
    const reader = await openStore(location);
    cleanups.push(() => reader.close());
    const finished = async (): Promise<Scan[]> => (await reader.listScans(siteId)).filter((s) => s.finishedAt !== null);

    await until('the scheduled scan and its alert', async () => (await finished()).length === 1 && receiver.accepted().length === 1);
    const [scheduled] = await finished();
    expect(scheduled).toMatchObject({ status: 'completed', options: expect.objectContaining({ trigger: 'schedule' }) });
    expect(scheduled?.summary?.broken).toBe(1);
    expect(readSiteSchedule((await reader.getSite(siteId))?.settings ?? {})?.lastRunAt).not.toBeNull();
    expect(receiver.posts[0]?.verdict).toEqual({ ok: true });
    expect(JSON.parse(receiver.posts[0]?.body ?? '{}')).toMatchObject({ site: { id: siteId } });

    const base = /serving on (\S+)/.exec(cli.err())?.[1] ?? '';
    const auth = { authorization: `Bearer ${token}` };
    const started = await fetch(`${base}/api/v2/sites/${siteId}/scans`, { method: 'POST', headers: auth });
    expect(started.status).toBe(202);
    await until('the on-demand scan and its alert', async () => (await finished()).length === 2 && receiver.accepted().length === 2);
    const deliveries = (await (await fetch(`${base}/api/v2/sites/${siteId}/deliveries`, { headers: auth })).json()) as { data: { outcome: string; channelId: string }[] };
    expect(deliveries.data).toHaveLength(2);
    expect(deliveries.data.every((d) => d.outcome === 'delivered' && d.channelId === channel.id)).toBe(true);

    controller.abort();
    expect(await running).toBe(0);
  });
});
