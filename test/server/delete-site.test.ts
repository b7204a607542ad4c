import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, form, FORM, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

/** Deleting a site from the web app: a confirmation page, then the site and everything of it gone. */
let h: Harness;
let site: TestSite;
let slow: TestSite;
let alice: Browser;
let mallory: Browser;

beforeAll(async () => {
  site = await startSite({ '/': page('<a href="/missing">Missing</a>') });
  // Every page answers slowly and links to a further one, so its scan is still running when we delete.
  let next = 0;
  slow = await startSite({
    '*': (_req: IncomingMessage, res: ServerResponse) => {
      next += 1;
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page(`<a href="/p${next}">next</a>`)), 300);
    },
  });
  h = await startHarness({ quotas: { unverified: { maxPages: 200, scansPerDay: 20 } } });
  alice = await signUp(h.app, 'alice@example.com');
  mallory = await signUp(h.app, 'mallory@example.com');
});
afterAll(async () => {
  await h.close();
  await site.close();
  await slow.close();
});

const get = (url: string, browser: Browser = alice) => h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });
const post = (url: string, values: Record<string, string>, browser: Browser = alice) =>
  h.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: browser.cookie, accept: 'text/html' }, payload: form(values) });

/** Until the runner has let go of the site's scan: the confirmation page offers the button again. */
async function waitUntilDeletable(siteId: string): Promise<void> {
  for (let i = 0; i < 400; i += 1) {
    if ((await get(`/sites/${siteId}/delete`)).body.includes(`action="/sites/${siteId}/delete"`)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('scan did not finish');
}

describe('deleting a site from the web app', () => {
  it('confirms what goes, then deletes the site with its scans, results, rules and channels and returns to the dashboard', async () => {
    const siteId = await addSite(h.app, alice, site.url('/'));
    expect((await post(`/sites/${siteId}/scan`, { _csrf: alice.csrf })).statusCode).toBe(303);
    await waitUntilDeletable(siteId);
    const [scan] = await h.store.listScans(siteId);
    await h.store.addBlacklistRule(siteId, { kind: 'exact', pattern: site.url('/missing') });
    const channel = await post(`/sites/${siteId}/alerts`, { kind: 'webhook', target: 'https://hooks.example.test/in', secret: 'a-long-webhook-secret-value', minSeverity: 'error', _csrf: alice.csrf });
    expect(channel.statusCode).toBe(303);

    expect((await get(`/sites/${siteId}/settings`)).body).toContain(`<a href="/sites/${siteId}/delete">Delete this site…</a>`);
    const confirm = await get(`/sites/${siteId}/delete`);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(`Deleting <strong>${site.url('/')}</strong> removes it for good`);
    expect(confirm.body).toContain('<li>1 scan, with every result and report</li>');
    expect(confirm.body).toContain('<li>1 blacklist rule</li>');
    expect(confirm.body).toContain('<li>1 alert channel and the delivery history');
    expect(confirm.body).toContain(`<form method="post" action="/sites/${siteId}/delete">`);
    // Nothing is deleted by looking at the page.
    expect(await h.store.getSite(siteId)).not.toBeNull();

    const deleted = await post(`/sites/${siteId}/delete`, { _csrf: alice.csrf });
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/');
    expect(await h.store.getSite(siteId)).toBeNull();
    expect(await h.store.listScans(siteId)).toEqual([]);
    expect(await h.store.getScan(scan?.id ?? '')).toBeNull();
    expect(await h.store.listBlacklistRules(siteId)).toEqual([]);
    expect((await get(`/sites/${siteId}`)).statusCode).toBe(404);
    expect((await get('/')).body).not.toContain(siteId);
  });

  it('deletes nothing without the CSRF token, nor for another user', async () => {
    const siteId = await addSite(h.app, alice, site.url('/other'));
    expect((await post(`/sites/${siteId}/delete`, {})).statusCode).toBe(403);
    expect((await post(`/sites/${siteId}/delete`, { _csrf: 'forged' })).statusCode).toBe(403);
    expect((await get(`/sites/${siteId}/delete`, mallory)).statusCode).toBe(404);
    const theirs = await post(`/sites/${siteId}/delete`, { _csrf: mallory.csrf }, mallory);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain(site.url('/other'));
    expect(await h.store.getSite(siteId)).not.toBeNull();
  });

  it('refuses with 409 while a scan of the site is running, and deletes once it has stopped', async () => {
    const siteId = await addSite(h.app, alice, slow.url('/'));
    expect((await post(`/sites/${siteId}/scan`, { _csrf: alice.csrf })).statusCode).toBe(303);

    const confirm = (await get(`/sites/${siteId}/delete`)).body;
    expect(confirm).toContain('<p role="alert" id="scan-running">A scan of this site is running');
    expect(confirm).not.toContain(`action="/sites/${siteId}/delete"`);
    const refused = await post(`/sites/${siteId}/delete`, { _csrf: alice.csrf });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('A scan of this site is running, so it cannot be deleted now.');
    expect(await h.store.getSite(siteId)).not.toBeNull();

    expect((await post(`/sites/${siteId}/stop`, { _csrf: alice.csrf })).statusCode).toBe(303);
    await waitUntilDeletable(siteId);
    const deleted = await post(`/sites/${siteId}/delete`, { _csrf: alice.csrf });
    expect(deleted.statusCode).toBe(303);
    expect(await h.store.getSite(siteId)).toBeNull();
  });
});
