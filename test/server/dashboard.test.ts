import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSchedule } from '../../src/schedule/site-schedule.js';
import { seedFinishedScan } from './dashboard-seed.js';
import { addSite, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

const XSS = '<script>alert(1)</script>';
let h: Harness;
let alice: Browser;
let mallory: Browser;
let aliceSite: string;
let lastScan: string;

beforeAll(async () => {
  h = await startHarness();
  alice = await signUp(h.app, 'alice@example.com');
  mallory = await signUp(h.app, 'mallory@example.com');
  aliceSite = await addSite(h.app, alice, 'https://alice.example/');
  for (const errors of [5, 3, 8]) lastScan = await seedFinishedScan(h.store, aliceSite, { error: errors, warning: 2, notice: 7 });
  const site = await h.store.getSite(aliceSite);
  await h.store.updateSiteSettings(aliceSite, withSchedule(site?.settings ?? {}, { kind: 'daily', at: '06:00', timezone: 'UTC' }, new Date()));
  const aliceUser = await h.accounts.getUserByEmail('alice@example.com');
  // Names and URLs can come from a crawl or an import; the dashboard must treat them as text.
  await h.store.addSite({ url: `javascript:alert(1)//"><img src=x onerror=alert(2)>`, name: XSS, owner: aliceUser?.id ?? null });
  await addSite(h.app, mallory, 'https://mallory-secret.example/');
});
afterAll(() => h.close());

const home = (browser: Browser) => h.app.inject({ method: 'GET', url: '/', headers: { cookie: browser.cookie, accept: 'text/html' } });

describe('dashboard', () => {
  it('shows each site with its last scan, counts by severity and an error trend', async () => {
    const response = await home(alice);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`href="/sites/${aliceSite}"`);
    expect(response.body).toContain(`href="/sites/${aliceSite}/scans/${lastScan}"`);
    expect(response.body).toContain('errors found');
    expect(response.body).toMatch(/8 errors<\/li><li[^>]*>2 warnings<\/li><li>7 notices/);
    expect(response.body).toMatch(/<svg class="chart" role="img" aria-label="Errors over the last 3 scans, oldest first: 5, 3, 8"/);
    expect(response.body).toContain('<polyline');
  });

  it('shows the next scheduled scan, or none', async () => {
    const body = (await home(alice)).body;
    expect(body).toMatch(/Next scheduled scan: <time datetime="\d{4}-\d\d-\d\dT06:00:00.000Z">/);
    expect(body).toContain('Next scheduled scan: none');
  });

  it('escapes a hostile site name and URL and does not make a javascript: URL clickable', async () => {
    const body = (await home(alice)).body;
    expect(body).not.toContain(XSS);
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(body).not.toMatch(/href="javascript:/i);
    expect(body).toContain('Not scanned yet.');
  });

  it("never shows another user's sites", async () => {
    const aliceBody = (await home(alice)).body;
    expect(aliceBody).not.toContain('mallory-secret');
    const malloryBody = (await home(mallory)).body;
    expect(malloryBody).toContain('mallory-secret');
    expect(malloryBody).not.toContain(aliceSite);
    expect(malloryBody).not.toContain('alice.example');
  });

  it('sends signed-out visitors to the login page', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/login');
  });
});

describe('dashboard counts', () => {
  it('says "1 error", not "1 errors"', async () => {
    const bob = await signUp(h.app, 'bob@example.com');
    const site = await addSite(h.app, bob, 'https://bob.example/');
    await seedFinishedScan(h.store, site, { error: 1, warning: 0, notice: 1 });
    const body = (await home(bob)).body;
    expect(body).toMatch(/>1 error<\/li><li[^>]*>0 warnings<\/li><li>1 notice</);
  });
});
