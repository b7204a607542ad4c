import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/core/report-types.js';
import { addSite, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

const XSS = '<script>alert(1)</script>';
let h: Harness;
let alice: Browser;
let mallory: Browser;
let siteId: string;
let scanId: string;

function finding(i: number, overrides: Partial<Finding> = {}): Finding {
  const severity: Severity = i % 3 === 0 ? 'error' : i % 3 === 1 ? 'warning' : 'notice';
  const status = severity === 'error' ? 404 : severity === 'warning' ? 301 : 200;
  return {
    url: `https://alice.example/p${String(i).padStart(3, '0')}`,
    status,
    error: null,
    errorDetail: null,
    severity,
    category: severity === 'error' ? 'broken' : 'ok',
    title: `Title ${i}`,
    reason: 'Because.',
    advice: 'Fix it.',
    suggestion: null,
    internal: i % 2 === 0,
    kind: 'page',
    finalUrl: `https://alice.example/p${i}`,
    redirects: [],
    contentType: 'text/html',
    method: 'GET',
    durationMs: i,
    retries: 0,
    inSitemap: false,
    occurrences: [{ page: 'https://alice.example/', element: 'a', attribute: 'href', text: `link ${i}`, line: i + 1 }],
    occurrenceCount: 1,
    suppressedBy: null,
    history: null,
    ...overrides,
  };
}

beforeAll(async () => {
  h = await startHarness();
  alice = await signUp(h.app, 'alice@example.com');
  mallory = await signUp(h.app, 'mallory@example.com');
  siteId = await addSite(h.app, alice, 'https://alice.example/');
  scanId = (await h.store.createScan({ siteId, options: {} })).id;
  const findings = Array.from({ length: 120 }, (_, i) => finding(i));
  findings.push(
    finding(500, {
      url: `https://alice.example/${XSS}`,
      title: XSS,
      severity: 'error',
      status: 404,
      suggestion: 'javascript:alert(2)',
      occurrences: [{ page: 'javascript:alert(1)', element: 'a', attribute: 'href', text: `<img src=x onerror=alert(1)>${XSS}`, line: 7 }],
      redirects: [{ url: 'https://alice.example/old', status: 301, location: 'javascript:alert(3)' }],
    }),
    finding(501, { url: 'https://gone.invalid/', status: null, error: 'DNS_NOT_FOUND', severity: 'error', internal: false }),
  );
  await h.store.saveFindings(scanId, findings);
  await h.store.markScanStatus(scanId, 'completed');
});
afterAll(() => h.close());

const get = (url: string, browser: Browser = alice) => h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });
const count = (body: string) => (body.match(/<li class="finding">/g) ?? []).length;

describe('site page', () => {
  it('links to the latest scan\'s results', async () => {
    const response = await get(`/sites/${siteId}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`href="/sites/${siteId}/scans/${scanId}"`);
  });
});

describe('results page', () => {
  it('escapes crawled titles, anchor texts and URLs and makes no javascript: URL clickable', async () => {
    const response = await get(`/sites/${siteId}/scans/${scanId}?q=script`);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(XSS);
    expect(response.body).not.toContain('<img src=x');
    expect(response.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(response.body).not.toMatch(/href="\s*javascript:/i);
    expect(response.body).toContain('<code class="url">javascript:alert(1)</code>');
    expect(response.body).toContain('Did you mean <code class="url">javascript:alert(2)</code>');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).not.toContain('script-src');
  });

  it('paginates 50 per page on the server, grouped by severity then status', async () => {
    const first = await get(`/sites/${siteId}/scans/${scanId}`);
    expect(count(first.body)).toBe(50);
    expect(first.body).toContain('Page 1 of 3 (122 findings)');
    // 42 errors, then the first 8 of 40 warnings.
    // Headings count the whole group, not just this page.
    expect(first.body.indexOf('<h2>Errors <span class="n">(42)</span></h2>')).toBeGreaterThan(-1);
    expect(first.body.indexOf('<h2>Errors <span class="n">(42)</span></h2>')).toBeLessThan(first.body.indexOf('<h2>Warnings <span class="n">(40)</span></h2>'));
    expect(first.body).not.toContain('<h2>Notices');
    // Errors sort by status: DNS_NOT_FOUND (no status) first, then the 404s.
    expect(first.body.indexOf('<h3>DNS_NOT_FOUND (DNS name not found) <a')).toBeLessThan(first.body.indexOf('<h3>404 Not Found <a'));
    const second = await get(`/sites/${siteId}/scans/${scanId}?page=2`);
    expect(count(second.body)).toBe(50);
    expect(second.body).toContain('<h2>Warnings <span class="n">(40)</span></h2>');
    expect(second.body).toContain('<h2>Notices <span class="n">(40)</span></h2>');
    const third = await get(`/sites/${siteId}/scans/${scanId}?page=3`);
    expect(count(third.body)).toBe(22);
    expect(third.body).toContain('rel="prev"');
    expect(third.body).not.toContain('rel="next"');
  });

  it('filters by severity, scope, status, error code, resource type and text', async () => {
    const base = `/sites/${siteId}/scans/${scanId}`;
    expect(count((await get(`${base}?severity=error`)).body)).toBe(42);
    expect((await get(`${base}?severity=warning&status=`)).body).toContain('(40 findings)');
    expect((await get(`${base}?scope=external&severity=error`)).body).toContain('(21 findings)');
    expect((await get(`${base}?status=301`)).body).toContain('(40 findings)');
    expect(count((await get(`${base}?code=DNS_NOT_FOUND`)).body)).toBe(1);
    expect((await get(`${base}?kind=image`)).body).toContain('No findings match');
    expect((await get(`${base}?q=p007`)).body).toContain('(1 findings)');
  });

  it('sorts by URL descending across pages', async () => {
    const body = (await get(`/sites/${siteId}/scans/${scanId}?sort=url&dir=desc`)).body;
    expect(body).not.toContain('<h2>');
    expect(body.indexOf('/p119')).toBeLessThan(body.indexOf('/p118'));
  });

  it('expands a finding to its pages, redirect chain and the knowledge base with a guide link', async () => {
    const body = (await get(`/sites/${siteId}/scans/${scanId}?q=p003`)).body;
    expect(body).toContain('<details>');
    expect(body).toContain('link 3');
    expect(body).toContain('line 4');
    expect(body).toContain('href="/guides/http-status-codes/404"');
    const redirected = (await get(`/sites/${siteId}/scans/${scanId}?q=script`)).body;
    expect(redirected).toContain('Redirect chain');
  });

  it('rejects unknown or malformed query parameters with 400', async () => {
    expect((await get(`/sites/${siteId}/scans/${scanId}?severity=fatal`)).statusCode).toBe(400);
    expect((await get(`/sites/${siteId}/scans/${scanId}?page=0`)).statusCode).toBe(400);
    expect((await get(`/sites/${siteId}/scans/${scanId}?evil=1`)).statusCode).toBe(400);
  });

  it('redirects the v1 /scan-details alias to the results page', async () => {
    const response = await get(`/scan-details/${siteId}/${scanId}`);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(`/sites/${siteId}/scans/${scanId}`);
  });
});

describe('tenant isolation of results and live events', () => {
  it.each([
    ['results', () => `/sites/${siteId}/scans/${scanId}`],
    ['v1 alias', () => `/scan-details/${siteId}/${scanId}`],
    ['events', () => `/sites/${siteId}/scans/${scanId}/events`],
  ])('another user gets 404 on %s', async (_name, url) => {
    expect((await get(url(), mallory)).statusCode).toBe(404);
  });

  it('a scan id under another of the user’s sites is 404', async () => {
    const other = await addSite(h.app, alice, 'https://alice-two.example/');
    expect((await get(`/sites/${other}/scans/${scanId}`)).statusCode).toBe(404);
  });

  it('asks for a session first', async () => {
    const response = await h.app.inject({ method: 'GET', url: `/sites/${siteId}/scans/${scanId}/events` });
    expect(response.statusCode).toBe(401);
  });
});
