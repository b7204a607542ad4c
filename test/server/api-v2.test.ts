import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, createToken, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

type Json = Record<string, unknown>;
let h: Harness;
let site: TestSite;
let browser: Browser;
let token: string;
let missingFixed = false;

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, options: { payload?: Json; headers?: Record<string, string>; auth?: string | null } = {}): Promise<LightMyRequestResponse> {
  const auth = options.auth === undefined ? token : options.auth;
  return h.app.inject({ method, url, headers: { ...(auth === null ? {} : { authorization: `Bearer ${auth}` }), ...options.headers }, ...(options.payload ? { payload: options.payload } : {}) });
}
const json = <T = Json>(response: LightMyRequestResponse): T => response.json() as T;

async function scanToEnd(siteId: string): Promise<Json> {
  const started = await call('POST', `/api/v2/sites/${siteId}/scans`);
  expect(started.statusCode).toBe(202);
  const id = String(json(started).id);
  for (let i = 0; i < 300; i += 1) {
    const scan = json(await call('GET', `/api/v2/scans/${id}`));
    if (scan.status !== 'running' && scan.status !== 'queued') return scan;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('scan did not finish');
}

beforeAll(async () => {
  h = await startHarness({ quotas: { unverified: { maxPages: 200, scansPerDay: 20 } } });
  site = await startSite({
    '/': page('<a href="/about">About</a> <a href="/missing">Missing</a> <a href="/gone">Gone</a>'),
    '/about': page('About us'),
    '/missing': (_req, res) => {
      res.writeHead(missingFixed ? 200 : 404, { 'content-type': 'text/html' });
      res.end(page('Missing'));
    },
    '/gone': (_req, res) => {
      res.writeHead(missingFixed ? 410 : 200, { 'content-type': 'text/html' });
      res.end(page('Gone'));
    },
    '/slow': (_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page('slow')), 1500),
  });
  browser = await signUp(h.app, 'v2@example.com');
  token = await createToken(h.app, browser);
});
afterAll(async () => {
  await h.close();
  await site.close();
});

describe('/api/v2 authentication', () => {
  it('answers 401 with a Bearer challenge and {code, message} without credentials', async () => {
    const response = await call('GET', '/api/v2/sites', { auth: null });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="dislike404"');
    expect(json(response)).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
  });

  it('answers 401 invalid_token for a wrong token even beside a valid session cookie', async () => {
    const response = await call('GET', '/api/v2/sites', { auth: 'd404_wrong', headers: { cookie: browser.cookie } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(json(response).code).toBe('INVALID_TOKEN');
  });

  it('accepts a session, but a state-changing call needs the CSRF header (403 without it)', async () => {
    const session = { auth: null, headers: { cookie: browser.cookie } };
    expect((await call('GET', '/api/v2/sites', session)).statusCode).toBe(200);
    const forged = await call('POST', '/api/v2/sites', { ...session, payload: { url: 'https://csrf.example/' } });
    expect(forged.statusCode).toBe(403);
    expect(json(forged).code).toBe('CSRF_FAILED');
    const ok = await call('POST', '/api/v2/sites', { auth: null, headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf }, payload: { url: 'https://csrf.example/' } });
    expect(ok.statusCode).toBe(201);
    expect((await call('DELETE', `/api/v2/sites/${String(json(ok).id)}`)).statusCode).toBe(204);
  });
});

describe('/api/v2 sites', () => {
  it('creates, reads, updates and deletes a site', async () => {
    const created = await call('POST', '/api/v2/sites', { payload: { url: 'https://crud.example/blog#top', name: 'Blog' } });
    expect(created.statusCode).toBe(201);
    const site = json(created);
    expect(site).toMatchObject({ url: 'https://crud.example/blog', name: 'Blog', verified: false });
    expect(created.headers.location).toBe(`/api/v2/sites/${String(site.id)}`);
    expect(json<{ data: Json[] }>(await call('GET', '/api/v2/sites')).data.map((s) => s.id)).toContain(site.id);

    const patched = await call('PATCH', `/api/v2/sites/${String(site.id)}`, { payload: { maxDepth: 3, exclude: ['/private/**'] } });
    expect(patched.statusCode).toBe(200);
    await call('PATCH', `/api/v2/sites/${String(site.id)}`, { payload: { checkExternal: false } });
    const read = json(await call('GET', `/api/v2/sites/${String(site.id)}`));
    expect(read.settings).toEqual({ maxDepth: 3, exclude: ['/private/**'], checkExternal: false });

    expect((await call('DELETE', `/api/v2/sites/${String(site.id)}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v2/sites/${String(site.id)}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v2/sites/${String(site.id)}`)).statusCode).toBe(404);
  });

  it('answers 409 for a site the user already has', async () => {
    await call('POST', '/api/v2/sites', { payload: { url: 'https://twice.example/' } });
    const again = await call('POST', '/api/v2/sites', { payload: { url: 'https://twice.example/' } });
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('SITE_EXISTS');
  });

  it.each([
    ['a non-http URL', { url: 'ftp://x.example/' }, 'url'],
    ['a missing URL', {}, 'url'],
    ['an unknown field', { url: 'https://x.example/', owner: 'me' }, 'owner'],
  ])('answers 422 naming the field for %s', async (_name, payload, field) => {
    const response = await call('POST', '/api/v2/sites', { payload });
    expect(response.statusCode).toBe(422);
    expect(json(response)).toEqual({ code: 'INVALID_INPUT', message: expect.stringContaining(field) });
  });

  it.each([
    [{ maxDepth: -1 }, 'maxDepth'],
    [{ include: ['/(unclosed/'] }, 'include.0'],
    [{ maxPages: 1_000_000 }, 'maxPages'],
    [{ severityOverrides: [{ severity: 'fatal' }] }, 'severityOverrides.0.severity'],
  ])('refuses settings %j with 422 naming %s', async (payload, field) => {
    const siteId = String(json(await call('POST', '/api/v2/sites', { payload: { url: `https://settings-${field}.example/` } })).id);
    const response = await call('PATCH', `/api/v2/sites/${siteId}`, { payload });
    expect(response.statusCode).toBe(422);
    expect(json<{ message: string }>(response).message).toContain(field);
  });
});

describe('/api/v2 scans and results', () => {
  let siteId: string;
  let first: Json;
  let second: Json;

  beforeAll(async () => {
    siteId = await addSite(h.app, browser, site.url('/'));
    first = await scanToEnd(siteId);
    missingFixed = true;
    second = await scanToEnd(siteId);
  });

  it('reports status, counters and summary, and lists the history newest first', async () => {
    expect(first).toMatchObject({ status: 'completed', siteId, live: null, counters: { pagesCrawled: 3 } });
    expect(first.summary).toMatchObject({ broken: 1 });
    const history = json<{ data: Json[] }>(await call('GET', `/api/v2/sites/${siteId}/scans`));
    expect(history.data.map((s) => s.id)).toEqual([second.id, first.id]);
    expect(json<{ data: Json[] }>(await call('GET', `/api/v2/sites/${siteId}/scans?limit=1&offset=1`)).data.map((s) => s.id)).toEqual([first.id]);
  });

  it('filters, sorts and paginates findings on the server', async () => {
    const url = `/api/v2/scans/${String(first.id)}/findings`;
    const all = json<{ total: number; data: Json[] }>(await call('GET', `${url}?limit=500`));
    expect(all.total).toBe(all.data.length);
    const errors = json<{ total: number; data: Json[] }>(await call('GET', `${url}?severity=error`));
    expect(errors).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(errors.data.map((f) => f.url)).toEqual([site.url('/missing')]);
    expect(json<{ data: Json[] }>(await call('GET', `${url}?status=404&internal=true`)).data.map((f) => f.url)).toEqual([site.url('/missing')]);
    expect(json<{ total: number }>(await call('GET', `${url}?internal=false`)).total).toBe(0);
    expect(json<{ data: Json[] }>(await call('GET', `${url}?text=MISS`)).data.map((f) => f.url)).toEqual([site.url('/missing')]);

    const sorted = json<{ data: Json[] }>(await call('GET', `${url}?sort=url&order=desc&limit=500`)).data.map((f) => String(f.url));
    expect(sorted).toEqual([...sorted].sort().reverse());
    const pages: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const chunk = json<{ total: number; data: Json[] }>(await call('GET', `${url}?sort=url&limit=2&offset=${offset}`));
      expect(chunk.total).toBe(all.total);
      pages.push(...chunk.data.map((f) => String(f.url)));
    }
    expect(pages).toEqual([...sorted].reverse());
  });

  it.each([
    ['limit=501', 'limit'],
    ['limit=0', 'limit'],
    ['severity=fatal', 'severity'],
    ['status=abc', 'status'],
    ['internal=maybe', 'internal'],
    ['sort=colour', 'sort'],
    ['error=none,TIMEOUT', 'error'],
    ['pagesize=10', 'pagesize'],
  ])('answers 422 naming the parameter for ?%s', async (query, field) => {
    const response = await call('GET', `/api/v2/scans/${String(first.id)}/findings?${query}`);
    expect(response.statusCode).toBe(422);
    expect(json(response)).toEqual({ code: 'INVALID_INPUT', message: expect.stringContaining(field) });
  });

  it('diffs against the previous scan by default, or against the scan named', async () => {
    const diff = json<{ againstId: string; counts: Json; data: Json[] }>(await call('GET', `/api/v2/scans/${String(second.id)}/diff`));
    expect(diff.againstId).toBe(first.id);
    expect(diff.counts).toEqual({ new: 1, fixed: 1, still_broken: 0 });
    expect(diff.data.map((d) => [d.url, d.change])).toEqual([[site.url('/gone'), 'new'], [site.url('/missing'), 'fixed']]);
    const explicit = json<{ againstId: string; counts: Json }>(await call('GET', `/api/v2/scans/${String(second.id)}/diff?against=${String(second.id)}`));
    expect(explicit).toMatchObject({ againstId: second.id, counts: { new: 0, fixed: 0, still_broken: 1 } });
    const firstEver = json<{ againstId: null; counts: Json }>(await call('GET', `/api/v2/scans/${String(first.id)}/diff`));
    expect(firstEver).toMatchObject({ againstId: null, counts: { new: 1, fixed: 0, still_broken: 0 } });

    const otherSite = String(json(await call('POST', '/api/v2/sites', { payload: { url: 'https://other.example/' } })).id);
    const otherScan = await h.store.createScan({ siteId: otherSite, options: {} });
    const crossSite = await call('GET', `/api/v2/scans/${String(second.id)}/diff?against=${otherScan.id}`);
    expect(crossSite.statusCode).toBe(422);
    expect(json<{ message: string }>(crossSite).message).toContain('against');
    expect((await call('GET', `/api/v2/scans/${String(second.id)}/diff?against=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });

  it.each([
    ['csv', 'text/csv; charset=utf-8', 'URL'],
    ['json', 'application/json; charset=utf-8', '"findings"'],
    ['html', 'text/html; charset=utf-8', '<!doctype html>'],
  ])('exports %s with its content type and an attachment file name', async (format, type, marker) => {
    const response = await call('GET', `/api/v2/scans/${String(first.id)}/export.${format}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(type);
    expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="dislike404-127\\.0\\.0\\.1-\\d+-\\d{4}-\\d\\d-\\d\\d-[0-9a-f]{8}\\.${format}"$`));
    expect(response.body.toLowerCase()).toContain(marker.toLowerCase());
    if (format === 'json') expect(JSON.parse(response.body)).toHaveProperty('summary');
  });

  it('adds, lists and removes blacklist rules, refusing a broken regex with 422', async () => {
    const base = `/api/v2/sites/${siteId}/blacklist`;
    const broken = await call('POST', base, { payload: { kind: 'regex', pattern: '(unclosed' } });
    expect(broken.statusCode).toBe(422);
    expect(json<{ message: string }>(broken).message).toMatch(/^Invalid field pattern: /);
    expect(json<{ message: string }>(await call('POST', base, { payload: { kind: 'wildcard', pattern: 'x' } })).message).toContain('kind');

    const added = await call('POST', base, { payload: { kind: 'prefix', pattern: site.url('/gone'), statusCodes: [410], note: 'retired' } });
    expect(added.statusCode).toBe(201);
    const rule = json(added);
    expect(rule).toMatchObject({ kind: 'prefix', statusCodes: [410], scope: 'any', author: 'v2@example.com' });
    expect(json<{ data: Json[] }>(await call('GET', base)).data.map((r) => r.id)).toEqual([rule.id]);
    expect((await call('DELETE', `${base}/${String(rule.id)}`)).statusCode).toBe(204);
    expect((await call('DELETE', `${base}/${String(rule.id)}`)).statusCode).toBe(404);
  });
});

describe('/api/v2 scan control', () => {
  it('answers 409 while a scan runs, stops it (202), and stopping again is 200', async () => {
    const slowSite = await addSite(h.app, browser, site.url('/slow'));
    const started = json(await call('POST', `/api/v2/sites/${slowSite}/scans`));
    expect(started.status).toBe('running');
    const again = await call('POST', `/api/v2/sites/${slowSite}/scans`);
    expect(again.statusCode).toBe(409);
    expect(json(again).code).toBe('SCAN_ALREADY_RUNNING');
    expect((await call('DELETE', `/api/v2/sites/${slowSite}`)).statusCode).toBe(409);
    expect((await call('GET', `/api/v2/scans/${String(started.id)}/export.csv`)).statusCode).toBe(409);
    expect((await call('POST', `/api/v2/scans/${String(started.id)}/stop`)).statusCode).toBe(202);
    await h.app.inject({ method: 'GET', url: '/' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 100 && json(await call('GET', `/api/v2/scans/${String(started.id)}`)).status === 'running'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(json(await call('GET', `/api/v2/scans/${String(started.id)}`)).status).toBe('aborted');
    const stoppedAgain = await call('POST', `/api/v2/scans/${String(started.id)}/stop`);
    expect(stoppedAgain.statusCode).toBe(200);
  });

  it('answers 429 with Retry-After when the daily quota is used up', async () => {
    const limited = await startHarness({ quotas: { unverified: { maxPages: 10, scansPerDay: 0 } } });
    try {
      const owner = await signUp(limited.app, 'quota@example.com');
      const siteId = await addSite(limited.app, owner, site.url('/'));
      const ownerToken = await createToken(limited.app, owner);
      const response = await limited.app.inject({ method: 'POST', url: `/api/v2/sites/${siteId}/scans`, headers: { authorization: `Bearer ${ownerToken}` } });
      expect(response.statusCode).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(json(response).code).toBe('QUOTA_EXCEEDED');
    } finally {
      await limited.close();
    }
  });
});
