import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verificationCode } from '../../src/server/site-verification.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, createToken, signUp, startHarness, waitForScan, type Harness } from './server-harness.js';

let h: Harness;
let site: TestSite;
let verifyAnswer = '';

beforeEach(async () => {
  h = await startHarness({ quotas: { unverified: { maxPages: 200, scansPerDay: 2 } } });
  site = await startSite({
    '/': page('<a href="/about">About</a> <a href="/missing">Missing</a>'),
    '/about': page('About us'),
    '/dislike404-verification.txt': (_req, res) => {
      res.writeHead(verifyAnswer === '' ? 404 : 200, { 'content-type': 'text/plain' });
      res.end(verifyAnswer);
    },
  });
});
afterEach(async () => {
  await h.close();
  await site.close();
});

async function setUp(): Promise<{ token: string; siteId: string }> {
  const browser = await signUp(h.app, 'wp@example.com');
  const siteId = await addSite(h.app, browser, site.url('/'));
  return { token: await createToken(h.app, browser), siteId };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('/api/v1 (WordPress plugin)', () => {
  it('lists the user’s sites as {data: [{uuid, url, domain, verified}]}', async () => {
    const { token, siteId } = await setUp();
    const response = await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ data: [{ uuid: siteId, url: site.url('/'), domain: '127.0.0.1', verified: false }] });
  });

  it('answers 401 with WWW-Authenticate and {message} for a missing or bad token', async () => {
    const missing = await h.app.inject({ method: 'GET', url: '/api/v1/urls' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="dislike404"');
    expect(Object.keys(missing.json() as object)).toEqual(['message']);
    const bad = await h.app.inject({ method: 'POST', url: '/api/v1/urls/00000000-0000-0000-0000-000000000000/scan', headers: bearer('d404_nope') });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('answers 404 for an unknown site id', async () => {
    const { token } = await setUp();
    for (const id of ['00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
      const response = await h.app.inject({ method: 'POST', url: `/api/v1/urls/${id}/scan`, headers: bearer(token) });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ message: 'No such site' });
    }
  });

  it('starts a scan, reports it running then finished, and enforces the daily quota with 429 + Retry-After', async () => {
    const { token, siteId } = await setUp();
    const idle = await h.app.inject({ method: 'GET', url: `/api/v1/urls/${siteId}/status`, headers: bearer(token) });
    expect(idle.json()).toEqual({ data: { status: 'idle', detected_errors: 0, crawled_pages: 0, end_time: null, run_uuid: null, url_uuid: siteId } });

    const started = await h.app.inject({ method: 'POST', url: `/api/v1/urls/${siteId}/scan`, headers: bearer(token) });
    expect(started.statusCode).toBe(202);
    const again = await h.app.inject({ method: 'POST', url: `/api/v1/urls/${siteId}/scan`, headers: bearer(token) });
    expect(again.statusCode).toBe(409);
    const done = await waitForScan(h.app, token, siteId);
    expect(done).toMatchObject({ status: 'errors_found', detected_errors: 1, crawled_pages: 2, url_uuid: siteId });
    expect(String(done.end_time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const findings = await h.store.getFindings(String(done.run_uuid), { limit: 10, severity: 'error' });
    expect(findings.findings.map((f) => f.url)).toEqual([site.url('/missing')]);

    await h.app.inject({ method: 'POST', url: `/api/v1/urls/${siteId}/scan`, headers: bearer(token) });
    await waitForScan(h.app, token, siteId);
    const over = await h.app.inject({ method: 'POST', url: `/api/v1/urls/${siteId}/scan`, headers: bearer(token) });
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.json()).toEqual({ message: expect.stringContaining('2 on-demand scans') });
  });

  it('verifies a site by its verification file, explaining what was found otherwise', async () => {
    const { token, siteId } = await setUp();
    verifyAnswer = 'something else';
    const failed = await h.app.inject({ method: 'POST', url: `/api/v1/urls/${siteId}/verify`, headers: bearer(token) });
    expect(failed.statusCode).toBe(422);
    expect((failed.json() as { message: string }).message).toContain('different text ("something else")');

    verifyAnswer = `${verificationCode(site.url('/'), siteId)}\n`;
    const ok = await h.app.inject({ method: 'POST', url: `/api/v1/urls/${siteId}/verify`, headers: bearer(token) });
    expect(ok.statusCode).toBe(200);
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: bearer(token) });
    expect((list.json() as { data: { verified: boolean }[] }).data[0]?.verified).toBe(true);
  });

  it('refuses private addresses for verification unless the operator allows them', async () => {
    await h.close();
    h = await startHarness({ allowPrivateNetworks: false });
    const { token, siteId } = await setUp();
    verifyAnswer = verificationCode(site.url('/'), siteId);
    const response = await h.app.inject({ method: 'POST', url: `/api/v1/urls/${siteId}/verify`, headers: bearer(token) });
    expect(response.statusCode).toBe(422);
    expect((response.json() as { message: string }).message).toContain('BLOCKED_PRIVATE_ADDRESS');
  });

  it('stops accepting a revoked token', async () => {
    const browser = await signUp(h.app, 'rev@example.com');
    const token = await createToken(h.app, browser);
    const [listed] = await h.accounts.listApiTokens((await h.accounts.getUserByEmail('rev@example.com'))?.id ?? '');
    expect(listed?.hint).toBe(token.slice(-4));
    await h.app.inject({ method: 'POST', url: `/account/tokens/${listed?.id}/revoke`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookie }, payload: `_csrf=${encodeURIComponent(browser.csrf)}` });
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: bearer(token) })).statusCode).toBe(401);
  });
});
