import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, createToken, FORM, form, signUp, startHarness, waitForScan, type Browser, type Harness } from './server-harness.js';

/**
 * Every route with an id in its path, found as the app registers it (so a new route is covered the
 * day it is added), tried by another user with the first user's real ids. The answer must be the
 * one a made-up id gets, and must change nothing.
 */
const routes: { method: string; url: string }[] = [];
let h: Harness;
let site: TestSite;
let mallory: Browser;
let malloryToken: string;
const alice = { site: '', scan: '', rule: '', channel: '', token: '' };

beforeAll(async () => {
  site = await startSite({ '/': page('<a href="/missing">missing</a>') });
  h = await startHarness({ onRoute: (route) => routes.push(route) });
  const browser = await signUp(h.app, 'alice@example.com');
  const token = await createToken(h.app, browser);
  alice.site = await addSite(h.app, browser, site.url('/'));
  const started = await h.app.inject({ method: 'POST', url: `/api/v1/urls/${alice.site}/scan`, headers: { authorization: `Bearer ${token}` } });
  expect(started.statusCode).toBeLessThan(300);
  await waitForScan(h.app, token, alice.site);
  alice.scan = (await h.store.listScans(alice.site))[0]?.id ?? '';
  alice.rule = (await h.store.addBlacklistRule(alice.site, { kind: 'exact', pattern: site.url('/missing'), author: 'alice@example.com' })).id;
  const channel = await h.app.inject({
    method: 'POST',
    url: `/api/v2/sites/${alice.site}/channels`,
    headers: { authorization: `Bearer ${token}` },
    payload: { kind: 'webhook', url: 'https://hooks.example.test/in', secret: 'a-long-webhook-secret-value' },
  });
  expect(channel.statusCode).toBe(201);
  alice.channel = channel.json<{ id: string }>().id;
  const aliceId = (await h.accounts.getUserByEmail('alice@example.com'))?.id ?? '';
  alice.token = (await h.accounts.listApiTokens(aliceId))[0]?.id ?? '';
  mallory = await signUp(h.app, 'mallory@example.com');
  malloryToken = await createToken(h.app, mallory);
});
afterAll(async () => {
  await h.close();
  await site.close();
});

/** Which of Alice's ids a path parameter names; an unknown parameter fails the test until it is mapped here. */
function aliceId(route: string, param: string): string {
  if (route.startsWith('/api/v2/scans/:id')) return alice.scan;
  if (route.startsWith('/account/tokens/:id')) return alice.token;
  const byName: Record<string, string> = {
    id: alice.site,
    uuid: alice.site,
    url_uuid: alice.site,
    scanId: alice.scan,
    run_uuid: alice.scan,
    ruleId: alice.rule,
    channelId: alice.channel,
  };
  const id = byName[param];
  if (id === undefined) throw new Error(`${route}: no id of Alice's for :${param}; map it in aliceId()`);
  return id;
}

function fill(route: string, idFor: (param: string) => string): string {
  return route.replace(/:(\w+)/g, (_, param: string) => idFor(param));
}

async function request(method: string, url: string) {
  const api = url.startsWith('/api/');
  const writes = method !== 'GET';
  return h.app.inject({
    method: method as 'GET',
    url,
    headers: api ? { authorization: `Bearer ${malloryToken}`, ...(writes && method !== 'DELETE' ? { 'content-type': 'application/json' } : {}) } : { ...FORM, cookie: mallory.cookie, accept: 'text/html' },
    ...(writes && method !== 'DELETE' ? { payload: api ? '{}' : form({ _csrf: mallory.csrf }) } : {}),
  });
}

describe('tenant isolation on every route with an id', () => {
  it('finds the routes', () => {
    const withIds = routes.filter((r) => r.method !== 'HEAD' && r.url.includes(':') && !r.url.startsWith('/guides/'));
    // Pages, both APIs, results actions, settings, diff, alerts: far more than a handful.
    expect(withIds.length).toBeGreaterThan(40);
  });

  it('answers another user exactly as for ids that do not exist, and changes nothing', async () => {
    const withIds = routes.filter((r) => r.method !== 'HEAD' && r.url.includes(':') && !r.url.startsWith('/guides/'));
    const failures: string[] = [];
    for (const route of withIds) {
      const real = fill(route.url, (param) => aliceId(route.url, param));
      const ids = new Map<string, string>();
      const madeUp = fill(route.url, (param) => ids.get(param) ?? (ids.set(param, randomUUID()), ids.get(param) ?? ''));
      const [theirs, nobodys] = await Promise.all([request(route.method, real), request(route.method, madeUp)]);
      const label = `${route.method} ${route.url}`;
      if (theirs.statusCode !== nobodys.statusCode) failures.push(`${label}: ${theirs.statusCode} with Alice's ids, ${nobodys.statusCode} with made-up ones`);
      else if (theirs.statusCode < 400) failures.push(`${label}: ${theirs.statusCode}`);
      else if (route.method === 'GET' && theirs.statusCode !== 404) failures.push(`${label}: ${theirs.statusCode}, expected 404`);
      for (const id of Object.values(alice)) if (theirs.body.includes(id)) failures.push(`${label}: the answer contains Alice's id ${id}`);
    }
    expect(failures).toEqual([]);

    // Alice's things are all still there, untouched.
    expect(await h.store.getSite(alice.site)).not.toBeNull();
    expect((await h.store.listScans(alice.site)).map((s) => s.id)).toEqual([alice.scan]);
    expect((await h.store.listBlacklistRules(alice.site)).map((r) => r.id)).toEqual([alice.rule]);
    const aliceUser = (await h.accounts.getUserByEmail('alice@example.com'))?.id ?? '';
    expect((await h.accounts.listApiTokens(aliceUser))[0]?.revokedAt).toBeNull();
    expect(JSON.stringify((await h.store.getSite(alice.site))?.settings)).toContain(alice.channel);
  });
});
