import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, FORM, form, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

const BASE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const LIVE_POLICY = `${BASE_POLICY}; script-src 'self'; connect-src 'self'`;

let h: Harness;
let site: TestSite;
let alice: Browser;
let siteId: string;

/** Every page but the home page answers slowly, so the scan is still running when the site page is read. */
beforeAll(async () => {
  const links = Array.from({ length: 8 }, (_, i) => `<a href="/p${i}">page ${i}</a>`).join('\n');
  site = await startSite({
    '/': page(`${links} <a href="/missing">gone</a>`),
    '/missing': { status: 404, body: 'nope' },
    '*': (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page('<a href="/">home</a>'));
      }, 150);
    },
  });
  h = await startHarness();
  alice = await signUp(h.app, 'alice@example.com');
  siteId = await addSite(h.app, alice, `${site.origin}/`);
});
afterAll(async () => {
  await h.close();
  await site.close();
});

const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: alice.cookie, accept: 'text/html' } });

describe('live counters on the site page', () => {
  it('shows no panel and keeps the strict policy before any scan', async () => {
    const response = await get(`/sites/${siteId}`);
    expect(response.body).not.toContain('id="live-progress"');
    expect(response.body).not.toContain('<script');
    expect(response.headers['content-security-policy']).toBe(BASE_POLICY);
    expect(response.body).toContain(`<a href="/sites/${siteId}/settings">Settings</a>`);
    expect(response.body).toContain(`<a href="/sites/${siteId}/alerts">Alerts</a>`);
    expect(response.body).not.toContain('Changes in the latest scan');
    expect(response.body).toContain('Scheduled scans: off.');
  });

  it('shows the live panel with its events URL while a scan runs, widening the policy only then', async () => {
    const started = await h.app.inject({ method: 'POST', url: `/sites/${siteId}/scan`, headers: { ...FORM, cookie: alice.cookie }, payload: form({ _csrf: alice.csrf }) });
    expect(started.statusCode).toBe(303);
    const [scan] = await h.store.listScans(siteId, { limit: 1 });
    const scanId = scan?.id ?? '';

    const running = await get(`/sites/${siteId}`);
    expect(running.statusCode).toBe(200);
    expect(running.body).toContain(`data-events="/sites/${siteId}/scans/${scanId}/events" data-results="/sites/${siteId}/scans/${scanId}"`);
    for (const counter of ['pagesCrawled', 'urlsChecked', 'errors', 'ratePerSecond']) expect(running.body).toContain(`data-field="${counter}"`);
    expect(running.body).toContain('<script src="/assets/live.js" defer></script>');
    expect(running.headers['content-security-policy']).toBe(LIVE_POLICY);
    // Other pages are not widened while the scan runs.
    expect((await get('/')).headers['content-security-policy']).toBe(BASE_POLICY);
    expect((await get(`/sites/${siteId}/settings`)).headers['content-security-policy']).toBe(BASE_POLICY);

    // The stream the panel reads ends with `done` once the scan is recorded.
    const events = await h.app.inject({ method: 'GET', url: `/sites/${siteId}/scans/${scanId}/events`, headers: { cookie: alice.cookie } });
    expect(events.body).toMatch(/event: done\ndata: \{"status":"completed"/);

    const finished = await get(`/sites/${siteId}`);
    expect(finished.body).not.toContain('id="live-progress"');
    expect(finished.body).not.toContain('<script');
    expect(finished.headers['content-security-policy']).toBe(BASE_POLICY);
    expect(finished.body).toContain(`<a href="/sites/${siteId}/scans/${scanId}">See the results</a>`);
    expect(finished.body).toContain(`<a href="/sites/${siteId}/scans/${scanId}/diff">Changes in the latest scan</a>`);
    expect(finished.body).toContain(`href="/sites/${siteId}/scans/${scanId}/diff" aria-label="Changes in the scan of`);
  });

  it('tells the script to link the results page when the scan ends', async () => {
    const script = (await get('/assets/live.js')).body;
    expect(script).toContain("panel.getAttribute('data-results') || location.pathname");
  });
});
