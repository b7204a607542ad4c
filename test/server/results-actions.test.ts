import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/report-types.js';
import type { Scan } from '../../src/store/store.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { finding } from '../store/store-fixtures.js';
import { addSite, createToken, form, FORM, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

/**
 * One real site scanned twice by the real engine: between the scans `/fixme` and the `#team`
 * anchor get fixed and a link to `/later` (broken) appears. A second site on another loopback
 * address is the external host.
 */
let h: Harness;
let site: TestSite;
let external: TestSite;
let alice: Browser;
let mallory: Browser;
let siteId: string;
let first: Scan;
const state = { fixed: false };
let clockOffsetMs = 0;

beforeAll(async () => {
  external = await startSite({ '/x/gone': { status: 404, body: 'gone' } }, '127.0.0.2');
  site = await startSite({
    '/': (_req, res) => {
      const later = state.fixed ? '<a href="/later">Later</a>' : '';
      res.writeHead(200, { 'content-type': 'text/html' }).end(
        page(`<a href="/docs/old/a">A</a> <a href="/docs/old/b">B</a> <a href="/fixme">Fix me</a> <a href="/about#team">Team</a> ${later}
<a href="${external.url('/x/gone')}">Partner</a>`),
      );
    },
    '/about': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(page(state.fixed ? '<h2 id="team">Team</h2>' : 'About')),
    '/fixme': (_req, res) => void res.writeHead(state.fixed ? 200 : 404, { 'content-type': 'text/html' }).end(page('Fix me')),
  });
  h = await startHarness({
    quotas: { unverified: { maxPages: 200, scansPerDay: 20 } },
    // External links are checked here (the harness default skips them).
    scanOverrides: { timeoutMs: 5000, retries: 0, parseWorkers: 0 },
    clock: () => new Date(Date.now() + clockOffsetMs),
  });
  alice = await signUp(h.app, 'alice@example.com');
  mallory = await signUp(h.app, 'mallory@example.com');
  siteId = await addSite(h.app, alice, site.url('/'));
  first = await scanNow(alice, siteId);
});
afterAll(async () => {
  await h.close();
  await site.close();
  await external.close();
});

async function scanNow(browser: Browser, id: string): Promise<Scan> {
  const response = await h.app.inject({ method: 'POST', url: `/sites/${id}/scan`, headers: { ...FORM, cookie: browser.cookie }, payload: form({ _csrf: browser.csrf }) });
  if (response.statusCode !== 303) throw new Error(`scan did not start: ${response.statusCode} ${response.body}`);
  for (let i = 0; i < 400; i += 1) {
    const [scan] = await h.store.listScans(id, { limit: 1 });
    if (scan !== undefined && scan.status !== 'running' && scan.status !== 'queued') return scan;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('scan did not finish');
}

const get = (url: string, browser: Browser = alice) => h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });
const post = (url: string, values: Record<string, string>, browser: Browser = alice) =>
  h.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: browser.cookie, accept: 'text/html' }, payload: form(values) });
const results = (scan: Scan = first) => `/sites/${siteId}/scans/${scan.id}`;
const location = (response: LightMyRequestResponse) => String(response.headers.location);
/** The `<li class="finding">` of one URL on a results page. */
function findingHtml(body: string, url: string): string {
  const items = body.split('<li class="finding">').slice(1);
  const item = items.find((i) => i.includes(`<span class="u">${url}</span>`));
  if (item === undefined) throw new Error(`no finding for ${url} on the page`);
  return item;
}
async function urlsOf(scan: Scan, query = ''): Promise<string[]> {
  const body = (await get(`${results(scan)}${query}`)).body;
  return [...body.matchAll(/<span class="u">([^<]+)<\/span>/g)].map((m) => m[1] ?? '').sort();
}

describe('one-click blacklist', () => {
  it('offers URL and folder buttons on internal findings, and the host only on external ones', async () => {
    const body = (await get(results())).body;
    const internal = findingHtml(body, site.url('/docs/old/a'));
    expect(internal).toContain('Ignore this URL');
    expect(internal).toContain('Ignore everything under /docs/old/');
    expect(internal).not.toContain('Ignore every link to');
    expect(internal).toContain('Recheck this link');
    expect(internal).toContain(`action="${results()}/blacklist"`);
    // `/fixme` sits in the root folder: blacklisting "everything under /" would hide the whole site.
    expect(findingHtml(body, site.url('/fixme'))).not.toContain('Ignore everything under');
    const partner = findingHtml(body, external.url('/x/gone'));
    expect(partner).toContain('Ignore every link to 127.0.0.2');
    expect(partner).toContain('Ignore everything under /x/');
  });

  it('adds the exact URL as a rule by the user, comes back to the same filters with an Undo that removes it', async () => {
    const filters = '?severity=error&q=docs&page=1';
    const url = site.url('/docs/old/a');
    const added = await post(`${results()}/blacklist${filters}`, { url, target: 'url', _csrf: alice.csrf });
    expect(added.statusCode).toBe(303);
    const rules = await h.store.listBlacklistRules(siteId);
    expect(rules).toHaveLength(1);
    const rule = rules[0];
    expect(rule).toMatchObject({ kind: 'exact', pattern: url, scope: 'any', author: 'alice@example.com', statusCodes: null, errorCodes: null });
    expect(location(added)).toBe(`${results()}?severity=error&q=docs&page=1&added=${rule?.id}`);

    const shown = (await get(location(added))).body;
    expect(shown).toContain(`Added rule <code>exact ${url}</code>`);
    const undoAction = `${results()}/blacklist/${rule?.id}/delete?severity=error&#38;q=docs&#38;page=1`;
    expect(shown).toContain(`<form method="post" action="${undoAction}">`);
    expect(findingHtml(shown, url)).toContain('blacklisted — will be suppressed in future scans');
    expect(findingHtml(shown, site.url('/docs/old/b'))).not.toContain('blacklisted');
    // The notice is one-shot: the pager and filter links do not carry it on.
    expect(shown).not.toMatch(/href="[^"]*added=/);

    const undone = await post(undoAction.replaceAll('&#38;', '&'), { _csrf: alice.csrf });
    expect(undone.statusCode).toBe(303);
    expect(location(undone)).toBe(`${results()}?severity=error&q=docs&page=1&undone=1`);
    expect(await h.store.listBlacklistRules(siteId)).toEqual([]);
    const after = (await get(location(undone))).body;
    expect(after).toContain('Rule removed');
    expect(findingHtml(after, url)).not.toContain('blacklisted');
    // Undoing twice finds nothing to undo.
    expect((await post(undoAction.replaceAll('&#38;', '&'), { _csrf: alice.csrf })).statusCode).toBe(404);
  });

  it('adds a folder as an internal path rule and a host as an external regex, each only once', async () => {
    const folder = await post(`${results()}/blacklist`, { url: site.url('/docs/old/b'), target: 'folder', _csrf: alice.csrf });
    expect(folder.statusCode).toBe(303);
    const domain = await post(`${results()}/blacklist`, { url: external.url('/x/gone'), target: 'domain', _csrf: alice.csrf });
    expect(domain.statusCode).toBe(303);
    const rules = await h.store.listBlacklistRules(siteId);
    expect(rules.map((r) => [r.kind, r.pattern, r.scope])).toEqual([
      ['prefix', '/docs/old/', 'internal'],
      ['regex', '^https?://127\\.0\\.0\\.2(?::\\d+)?(?:[/?#]|$)', 'external'],
    ]);
    const page1 = (await get(results())).body;
    for (const url of [site.url('/docs/old/a'), site.url('/docs/old/b'), external.url('/x/gone')]) {
      expect(findingHtml(page1, url)).toContain('blacklisted — will be suppressed in future scans');
    }
    expect(findingHtml(page1, site.url('/fixme'))).not.toContain('blacklisted');

    const again = await post(`${results()}/blacklist`, { url: site.url('/docs/old/a'), target: 'folder', _csrf: alice.csrf });
    expect(location(again)).toBe(`${results()}?already=${rules[0]?.id}`);
    expect(await h.store.listBlacklistRules(siteId)).toHaveLength(2);
    expect((await get(location(again))).body).toContain('Already covered by rule <code>prefix /docs/old/ (internal links)</code>');
  });

  it('refuses a domain rule for an internal link and a URL that is not a finding of the scan', async () => {
    expect((await post(`${results()}/blacklist`, { url: site.url('/fixme'), target: 'domain', _csrf: alice.csrf })).statusCode).toBe(422);
    expect((await post(`${results()}/blacklist`, { url: site.url('/about'), target: 'url', _csrf: alice.csrf })).statusCode).toBe(404);
    expect(await h.store.listBlacklistRules(siteId)).toHaveLength(2);
  });

  it('answers 403 without the CSRF token and changes nothing', async () => {
    const rule = (await h.store.listBlacklistRules(siteId))[0];
    expect((await post(`${results()}/blacklist`, { url: site.url('/fixme'), target: 'url' })).statusCode).toBe(403);
    expect((await post(`${results()}/blacklist`, { url: site.url('/fixme'), target: 'url', _csrf: 'forged' })).statusCode).toBe(403);
    expect((await post(`${results()}/blacklist/${rule?.id}/delete`, {})).statusCode).toBe(403);
    expect((await post(`${results()}/recheck`, { url: site.url('/fixme') })).statusCode).toBe(403);
    expect(await h.store.listBlacklistRules(siteId)).toHaveLength(2);
  });

  it("answers 404 for another user's site, scan or rule, and for a rule of another site", async () => {
    const rule = (await h.store.listBlacklistRules(siteId))[0];
    const forMallory = { url: site.url('/fixme'), target: 'url', _csrf: mallory.csrf };
    expect((await post(`${results()}/blacklist`, forMallory, mallory)).statusCode).toBe(404);
    expect((await post(`${results()}/blacklist/${rule?.id}/delete`, { _csrf: mallory.csrf }, mallory)).statusCode).toBe(404);
    expect((await post(`${results()}/recheck`, { url: site.url('/fixme'), _csrf: mallory.csrf }, mallory)).statusCode).toBe(404);

    // Mallory's own site and scan, with Alice's rule id: still not hers to delete.
    const own = await addSite(h.app, mallory, 'https://mallory.example/');
    const ownScan = await h.store.createScan({ siteId: own, options: {} });
    expect((await post(`/sites/${own}/scans/${ownScan.id}/blacklist/${rule?.id}/delete`, { _csrf: mallory.csrf }, mallory)).statusCode).toBe(404);
    // Alice's scan under Mallory's site id, and the other way round.
    expect((await post(`/sites/${own}/scans/${first.id}/blacklist`, forMallory, mallory)).statusCode).toBe(404);
    expect((await post(`/sites/${siteId}/scans/${ownScan.id}/blacklist`, { ...forMallory, _csrf: alice.csrf })).statusCode).toBe(404);

    // Alice's second site: its rules are not reachable through the first site's pages.
    const second = await addSite(h.app, alice, 'https://second.example/');
    const foreign = await h.store.addBlacklistRule(second, { kind: 'exact', pattern: 'https://second.example/x' });
    expect((await post(`${results()}/blacklist/${foreign.id}/delete`, { _csrf: alice.csrf })).statusCode).toBe(404);
    expect(await h.store.listBlacklistRules(second)).toHaveLength(1);
    expect(await h.store.listBlacklistRules(siteId)).toHaveLength(2);
  });
});

describe('recheck this link', () => {
  it('shows the fresh outcome once the site is fixed, without touching the stored results', async () => {
    const before = await post(`${results()}/recheck?severity=error`, { url: site.url('/fixme'), _csrf: alice.csrf });
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('<strong id="recheck-outcome">404</strong>');
    expect(before.body).toContain('Still the same outcome as in the scan.');
    expect(before.body).toContain(`href="${results()}?severity=error"`);

    state.fixed = true;
    const after = await post(`${results()}/recheck`, { url: site.url('/fixme'), _csrf: alice.csrf });
    expect(after.statusCode).toBe(200);
    expect(after.headers['cache-control']).toBe('no-store');
    expect(after.body).toContain('<strong id="recheck-outcome">200</strong>');
    expect(after.body).toContain('<span class="sev sev-ok" id="recheck-severity">ok</span>');
    expect(after.body).toContain('It works now.');
    const stored = await h.store.getFindings(first.id, { url: site.url('/fixme'), limit: 1 });
    expect(stored.findings[0]?.status).toBe(404);
  });

  it('checks a missing #fragment again against the page as it is now', async () => {
    const url = site.url('/about#team');
    expect((await h.store.getFindings(first.id, { url, limit: 1 })).findings[0]?.error).toBe('FRAGMENT_NOT_FOUND');
    const response = await post(`${results()}/recheck`, { url, _csrf: alice.csrf });
    expect(response.body).toContain('<strong id="recheck-outcome">200</strong>');
    expect(response.body).toContain('It works now.');
  });

  it('offers no recheck for a link the engine judged without fetching it', async () => {
    const own = await addSite(h.app, alice, 'https://robots.example/');
    const scan = await h.store.createScan({ siteId: own, options: {} });
    const blocked = { ...storedFinding('https://robots.example/private'), error: 'BLOCKED_BY_ROBOTS' as const, status: null };
    await h.store.saveFindings(scan.id, [blocked, { ...storedFinding('mailto:broken@'), error: 'INVALID_MAILTO' as const, status: null }]);
    const body = (await get(`/sites/${own}/scans/${scan.id}`)).body;
    expect(body).toContain('Ignore this URL');
    expect(body).not.toContain('Recheck this link');
    for (const url of ['https://robots.example/private', 'mailto:broken@']) {
      expect((await post(`/sites/${own}/scans/${scan.id}/recheck`, { url, _csrf: alice.csrf })).statusCode).toBe(422);
    }
  });

  it('refuses a URL that is not a finding of the scan: no open proxy', async () => {
    const before = site.requests.length;
    for (const url of [site.url('/about'), 'http://127.0.0.1:9/', external.url('/x/elsewhere')]) {
      expect((await post(`${results()}/recheck`, { url, _csrf: alice.csrf })).statusCode).toBe(404);
    }
    expect(site.requests.length).toBe(before);
  });
});

describe('the next scan', () => {
  let second: Scan;
  beforeAll(async () => {
    second = await scanNow(alice, siteId);
  });

  it('suppresses what the rules cover, and the page tells this scan from the one before the rules', async () => {
    // Three rules exist now: the folder, the partner host, and none for /later (new and broken).
    expect(second.status).toBe('completed');
    expect(second.summary?.suppressed).toBe(3);
    expect(first.summary?.suppressed).toBe(0);
    // Suppressed findings are out of the list unless asked for, like in every report.
    expect(await urlsOf(second)).toEqual([site.url('/later')]);
    const body = (await get(`${results(second)}?suppressed=1`)).body;
    expect(body).toContain('<input type="checkbox" name="suppressed" value="1" checked>');
    for (const url of [site.url('/docs/old/a'), site.url('/docs/old/b'), external.url('/x/gone')]) {
      expect(findingHtml(body, url)).toContain('<span class="tag">suppressed</span>');
      expect(findingHtml(body, url)).toContain(': suppressed in this scan.');
    }
    expect(findingHtml(body, site.url('/later'))).not.toContain('class="tag"');
    expect(findingHtml(body, site.url('/later'))).toContain('Ignore this URL');
    // The first scan ran before the rules: for it they only take effect from the next scan.
    expect(findingHtml((await get(results(first))).body, site.url('/docs/old/a'))).toContain('<span class="tag">blacklisted</span>');
  });

  it('filters to the findings that are new since the previous completed scan', async () => {
    expect(await urlsOf(second, '?suppressed=1')).toEqual([external.url('/x/gone'), site.url('/docs/old/a'), site.url('/docs/old/b'), site.url('/later')].sort());
    expect(await urlsOf(second, '?new=1')).toEqual([site.url('/later')]);
    expect(await urlsOf(second, '?new=1&suppressed=1')).toEqual([site.url('/later')]);
    expect(await urlsOf(second, '?new=1&sort=url&dir=desc')).toEqual([site.url('/later')]);
    const body = (await get(`${results(second)}?new=1`)).body;
    expect(body).toContain('<input type="checkbox" name="new" value="1" checked>');
    expect(body).toContain('Page 1 of 1 (1 findings)');
    // The first scan has nothing before it: everything in it is new.
    expect(await urlsOf(first, '?new=1')).toEqual(await urlsOf(first));
    expect((await get(`${results(first)}?new=1`)).body).toContain('No earlier completed scan');
    expect((await get(`${results(second)}?new=yes`)).statusCode).toBe(400);
  });

  it('filters the same way in /api/v2', async () => {
    const token = await createToken(h.app, alice);
    const call = (query: string) =>
      h.app.inject({ method: 'GET', url: `/api/v2/scans/${second.id}/findings${query}`, headers: { authorization: `Bearer ${token}` } });
    const fresh = await call('?new=true');
    expect(fresh.statusCode).toBe(200);
    const data = fresh.json<{ total: number; data: { url: string }[] }>();
    expect(data.total).toBe(1);
    expect(data.data.map((f) => f.url)).toEqual([site.url('/later')]);
    expect(fresh.json<{ total: number }>().total).toBe(1);
    expect((await call('?new=false')).json<{ total: number }>().total).toBe(4);
    const suppressed = (await call('?suppressed=true')).json<{ data: { url: string; suppressedBy: { kind: string } | null }[] }>().data;
    expect(suppressed.map((f) => f.url).sort()).toEqual([external.url('/x/gone'), site.url('/docs/old/a'), site.url('/docs/old/b')].sort());
    expect(suppressed.every((f) => f.suppressedBy !== null)).toBe(true);
    expect((await call('?suppressed=false')).json<{ data: { url: string }[] }>().data.map((f) => f.url)).toEqual([site.url('/later')]);
    expect((await call('?new=maybe')).statusCode).toBe(422);
    const spec = (await h.app.inject({ method: 'GET', url: '/api/v2/openapi.json' })).json<{ paths: Record<string, { get?: { parameters?: { name: string }[] } }> }>();
    expect(spec.paths['/api/v2/scans/{id}/findings']?.get?.parameters?.map((p) => p.name)).toContain('new');
  });
});

describe('recheck rate limit', () => {
  it('allows 30 rechecks a minute per user, then answers 429 with Retry-After', async () => {
    const bob = await signUp(h.app, 'bob@example.com');
    const own = await addSite(h.app, bob, 'https://bob.example/');
    const scan = await h.store.createScan({ siteId: own, options: {} });
    const recheck = () => post(`/sites/${own}/scans/${scan.id}/recheck`, { url: 'https://bob.example/nothing', _csrf: bob.csrf }, bob);
    for (let i = 0; i < 30; i += 1) expect((await recheck()).statusCode).toBe(404);
    const limited = await recheck();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Alice has her own allowance.
    expect((await post(`${results()}/recheck`, { url: site.url('/nowhere'), _csrf: alice.csrf })).statusCode).toBe(404);
    clockOffsetMs += 61_000;
    expect((await recheck()).statusCode).toBe(404);
  });
});

describe('recheck on a server that refuses private networks', () => {
  it('keeps the SSRF guard: a finding on a private address comes back blocked, unfetched, and escaped', async () => {
    const guarded = await startHarness({ allowPrivateNetworks: false });
    try {
      const carol = await signUp(guarded.app, 'carol@example.com');
      const own = await addSite(guarded.app, carol, 'https://carol.example/');
      const scan = await guarded.store.createScan({ siteId: own, options: {} });
      const url = `${site.url('/fixme')}?q="><script>alert(1)</script>`;
      await guarded.store.saveFindings(scan.id, [storedFinding(url)]);
      await guarded.store.markScanStatus(scan.id, 'completed');
      const before = site.requests.length;
      const response = await guarded.app.inject({
        method: 'POST',
        url: `/sites/${own}/scans/${scan.id}/recheck`,
        headers: { ...FORM, cookie: carol.cookie, accept: 'text/html' },
        payload: form({ url, _csrf: carol.csrf }),
      });
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<strong id="recheck-outcome">BLOCKED_PRIVATE_ADDRESS</strong>');
      expect(response.body).not.toContain('<script>alert(1)');
      expect(site.requests.length).toBe(before);
    } finally {
      await guarded.close();
    }
  });
});

/** A stored external 404 with no recorded places, as a scan would save it. */
function storedFinding(url: string): Finding {
  return finding(url, { internal: false, occurrences: [] });
}
