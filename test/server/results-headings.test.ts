import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/core/error-codes.js';
import type { Finding, Severity } from '../../src/core/report-types.js';
import { findingList } from '../../src/server/views/results-view.js';
import { addSite, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

/** The grouped results page names its groups as people know them: `Errors`, then `404 Not Found`. */
let h: Harness;
let ann: Browser;
let resultsUrl: string;

let n = 0;
function finding(severity: Severity, status: number | null, error: ErrorCode | null = null): Finding {
  n += 1;
  return {
    url: `https://ann.example/p${n}`,
    status,
    error,
    errorDetail: null,
    severity,
    category: severity === 'error' ? 'broken' : 'ok',
    title: `Title ${n}`,
    reason: 'Because.',
    advice: 'Fix it.',
    suggestion: null,
    internal: true,
    kind: 'page',
    finalUrl: `https://ann.example/p${n}`,
    redirects: [],
    contentType: 'text/html',
    method: 'GET',
    durationMs: 1,
    retries: 0,
    inSitemap: false,
    occurrences: [{ page: 'https://ann.example/', element: 'a', attribute: 'href', text: `link ${n}`, line: 1 }],
    occurrenceCount: 1,
    suppressedBy: null,
    history: null,
  };
}

beforeAll(async () => {
  h = await startHarness();
  ann = await signUp(h.app, 'ann@example.com');
  const siteId = await addSite(h.app, ann, 'https://ann.example/');
  const scanId = (await h.store.createScan({ siteId, options: {} })).id;
  await h.store.saveFindings(scanId, [
    finding('error', 404),
    finding('error', 404),
    finding('error', null, 'DNS_NOT_FOUND'),
    finding('error', 200, 'SOFT_404'),
    finding('warning', 301),
    finding('notice', 418),
  ]);
  await h.store.markScanStatus(scanId, 'completed');
  resultsUrl = `/sites/${siteId}/scans/${scanId}`;
});
afterAll(() => h.close());

const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: ann.cookie, accept: 'text/html' } });

describe('results page headings', () => {
  it('names each severity group in words, in order, once', async () => {
    const body = (await get(resultsUrl)).body;
    const severities = [...body.matchAll(/<h2>([^<]*)<span class="n">\((\d+)\)<\/span><\/h2>/g)].map((m) => `${m[1]}(${m[2]})`);
    // Each with how many findings of that severity match, across all pages.
    expect(severities).toEqual(['Errors (4)', 'Warnings (1)', 'Notices (1)']);
    expect(body).not.toContain('<h2>error</h2>');
  });

  it('names each outcome group by its knowledge-base title, with a guide link that resolves', async () => {
    const body = (await get(resultsUrl)).body;
    expect(body).toContain('<h3>404 Not Found <a class="guide" href="/guides/http-status-codes/404">Guide<span class="vh"> to 404 Not Found</span></a></h3>');
    expect(body).toContain('<h3>DNS_NOT_FOUND (DNS name not found) <a class="guide" href="/guides/http-status-codes/DNS_NOT_FOUND">');
    // An engine code that stands for a status keeps the status: SOFT_404 groups apart from other answers.
    expect(body).toContain('<h3>SOFT_404 (Soft 404), status 200 <a class="guide" href="/guides/http-status-codes/SOFT_404">');
    expect(body).toContain('<h3>301 Moved Permanently <a class="guide"');
    // Titles come from data and are escaped like everything else.
    expect(body).toContain('<h3>418 I&#39;m a teapot <a class="guide"');
    expect(body).not.toMatch(/<h3>\d{3}<\/h3>/);
    const outcomes = [...body.matchAll(/<h3>([^<]*?) <a class="guide"/g)].map((m) => m[1]);
    // Errors by status (no status first), then the warning, then the notice: one heading per outcome.
    expect(outcomes).toEqual(['DNS_NOT_FOUND (DNS name not found)', 'SOFT_404 (Soft 404), status 200', '404 Not Found', '301 Moved Permanently', '418 I&#39;m a teapot']);
    for (const href of new Set([...body.matchAll(/<a class="guide" href="([^"]+)"/g)].map((m) => m[1] ?? ''))) {
      expect((await get(href)).statusCode, href).toBe(200);
    }
  });

  it('keeps the finding markup under the headings', async () => {
    const body = (await get(resultsUrl)).body;
    expect(body.match(/<li class="finding"><details>\n<summary><span class="sev sev-error">error<\/span> <strong>404<\/strong>/g)).toHaveLength(2);
    expect(body).toContain('<span class="u">https://ann.example/p1</span>');
    expect(body.indexOf('<h3>404 Not Found')).toBeLessThan(body.indexOf('<span class="u">https://ann.example/p1</span>'));
  });

  it('has no group headings when sorted by something other than severity', async () => {
    const body = (await get(`${resultsUrl}?sort=url`)).body;
    expect(body).not.toContain('<h2>');
    expect(body).not.toContain('<h3>404 Not Found');
  });
});

describe('findingList', () => {
  it('shows a severity count when the caller has one, and none it would have to guess', () => {
    const list = findingList([finding('error', 404), finding('warning', 301)], true, () => ({}), { bySeverity: { error: 42 } }).html;
    expect(list).toContain('<h2>Errors <span class="n">(42)</span></h2>');
    expect(list).toContain('<h2>Warnings</h2>');
  });

  it('falls back to the raw outcome for one the knowledge base does not know', () => {
    const list = findingList([finding('warning', null)], true).html;
    expect(list).toContain('<h3>no answer</h3>');
  });
});
