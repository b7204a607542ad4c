import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, FORM, form, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

let h: Harness;
let site: TestSite;
let big: TestSite;
let alice: Browser;
let mallory: Browser;
let siteId: string;
let bigSiteId: string;
let bigScanId: string;
const scans: string[] = [];

/** Which of the site's paths answer 404 in each round; the home page links them all. */
const BROKEN_IN_ROUND: readonly (readonly string[])[] = [
  ['/a', '/b'], // scan 1
  ['/b', '/c'], // scan 2: /a fixed, /b still broken, /c new
  ['/a', '/c'], // scan 3
];
let round = 0;

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html' });
  res.end(body);
}

beforeAll(async () => {
  site = await startSite({
    '/': page('<a href="/a">a</a> <a href="/b">b</a> <a href="/c">c</a> <a href="/ok">ok</a>'),
    '*': (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (BROKEN_IN_ROUND[round]?.includes(path)) answer(res, 404, 'gone');
      else answer(res, 200, page('fine'));
    },
  });
  big = await startSite({
    '/': page(Array.from({ length: 120 }, (_, i) => `<a href="/gone/${String(i).padStart(3, '0')}">${i}</a>`).join('\n')),
  });
  h = await startHarness();
  alice = await signUp(h.app, 'alice@example.com');
  mallory = await signUp(h.app, 'mallory@example.com');
  siteId = await addSite(h.app, alice, `${site.origin}/`);
  for (round = 0; round < BROKEN_IN_ROUND.length; round += 1) scans.push(await scanToEnd(siteId));
  bigSiteId = await addSite(h.app, alice, `${big.origin}/`);
  bigScanId = await scanToEnd(bigSiteId);
});
afterAll(async () => {
  await h.close();
  await site.close();
  await big.close();
});

const get = (url: string, browser: Browser = alice) => h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });

async function scanToEnd(id: string): Promise<string> {
  const started = await h.app.inject({ method: 'POST', url: `/sites/${id}/scan`, headers: { ...FORM, cookie: alice.cookie }, payload: form({ _csrf: alice.csrf }) });
  expect(started.statusCode).toBe(303);
  for (let i = 0; i < 200; i += 1) {
    const [latest] = await h.store.listScans(id, { limit: 1 });
    if (latest !== undefined && latest.status !== 'running' && latest.status !== 'queued') return latest.id;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('scan did not finish');
}

/** The paths linked in one change's section of the page, in page order. */
function section(body: string, change: string): string[] {
  const match = new RegExp(`<section id="${change}"[^>]*>([\\s\\S]*?)</section>`).exec(body);
  if (!match?.[1]) throw new Error(`no ${change} section`);
  return [...match[1].matchAll(/<a href="(http[^"]+)"/g)].map((m) => new URL(m[1] ?? '').pathname);
}

const diffUrl = (scanIndex: number, query = '') => `/sites/${siteId}/scans/${scans[scanIndex]}/diff${query}`;

describe('scan diff page', () => {
  it('shows exactly what is new, fixed and still broken against the previous scan', async () => {
    const response = await get(diffUrl(1));
    expect(response.statusCode).toBe(200);
    expect(section(response.body, 'new')).toEqual(['/c']);
    expect(section(response.body, 'fixed')).toEqual(['/a']);
    expect(section(response.body, 'still_broken')).toEqual(['/b']);
    expect(response.body).toContain('<strong data-count="new">1</strong> new');
    expect(response.body).toContain('<strong data-count="fixed">1</strong> fixed');
    expect(response.body).toContain('<strong data-count="still_broken">1</strong> still broken');
    expect(response.body).toMatch(/<h3 id="new-error">errors \(1\)<\/h3>/);
    expect(response.body).toContain('<a href="/guides/http-status-codes/404">Guide: 404 Not Found</a>');
    expect(response.body).toContain('<option value="" selected>the previous completed scan</option>');
    expect(response.body).toContain(`href="/sites/${siteId}/scans/${scans[1]}"`);
  });

  it('compares with the scan chosen in the select', async () => {
    const byDefault = (await get(diffUrl(2))).body;
    expect([section(byDefault, 'new'), section(byDefault, 'fixed'), section(byDefault, 'still_broken')]).toEqual([['/a'], ['/b'], ['/c']]);
    const chosen = await get(diffUrl(2, `?against=${scans[0]}`));
    expect(chosen.statusCode).toBe(200);
    expect([section(chosen.body, 'new'), section(chosen.body, 'fixed'), section(chosen.body, 'still_broken')]).toEqual([['/c'], ['/b'], ['/a']]);
    expect(chosen.body).toContain(`<option value="${scans[0]}" selected>`);
    // The empty option of the select means the default.
    expect(section((await get(diffUrl(2, '?against='))).body, 'new')).toEqual(['/a']);
  });

  it('counts every broken link as new in a first scan, and caps a big diff at a page with the total', async () => {
    const first = (await get(`/sites/${bigSiteId}/scans/${bigScanId}/diff`)).body;
    expect(first).toContain('This site has no earlier finished scan');
    expect(first).toContain('<strong data-count="new">120</strong> new');
    const shown = section(first, 'new');
    expect(shown).toHaveLength(100);
    expect(shown[0]).toBe('/gone/000');
    expect(first).toContain('Showing 1–100 of 120.');
    const next = `/sites/${bigSiteId}/scans/${bigScanId}/diff?change=new&#38;page=2`;
    expect(first).toContain(`<a href="${next}" rel="next">Next 20</a>`);

    const second = (await get(next.replace('&#38;', '&'))).body;
    expect(section(second, 'new')).toEqual(Array.from({ length: 20 }, (_, i) => `/gone/${100 + i}`));
    expect(second).toContain('Showing 101–120 of 120.');
    expect(second).not.toContain('<section id="fixed"');
  });

  it('links the diff from the site page history rows', async () => {
    const body = (await get(`/sites/${siteId}`)).body;
    for (const scanId of scans) expect(body).toContain(`href="/sites/${siteId}/scans/${scanId}/diff"`);
  });

  it("answers 404 for a scan of another site, another user's scans, and a scan under the wrong site", async () => {
    expect((await get(diffUrl(1, `?against=${bigScanId}`))).statusCode).toBe(404);
    expect((await get(`/sites/${siteId}/scans/${bigScanId}/diff`)).statusCode).toBe(404);
    expect((await get(diffUrl(1), mallory)).statusCode).toBe(404);
    expect((await get(diffUrl(1, '?against=not-a-scan'))).statusCode).toBe(404);
    expect((await get(diffUrl(1, '?change=everything'))).statusCode).toBe(400);
  });
});
