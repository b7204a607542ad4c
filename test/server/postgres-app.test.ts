import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { INTERRUPTED_BY_RESTART, INTERRUPTED_ELSEWHERE, sweepInterruptedScans } from '../../src/server/interrupted-scans.js';
import { verificationCode } from '../../src/server/site-verification.js';
import { openAccountsStore } from '../../src/store/open-accounts-store.js';
import { openStore, type Scan } from '../../src/store/store.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { describePostgres, postgresProblem } from '../helpers/postgres.js';
import { startPostgresHarness } from './postgres-harness.js';
import { addSite, cookieValue, createToken, csrfFrom, form, FORM, signUp, waitForScan, type Browser, type Harness } from './server-harness.js';

/**
 * The web app's main flows on PostgreSQL, end to end against a real local site scanned by the real
 * engine: the same flows the SQLite suites cover, so a store difference shows up as a failure here.
 * The tests run in order and build on each other (three scans of one site).
 */
const A_MINUTE_LATER = (): Date => new Date(Date.now() + 60_000);

let h: Harness;
let site: TestSite;
let alice: Browser;
let mallory: Browser;
let aliceToken: string;
let malloryToken: string;
let siteId = '';
let verifyAnswer = '';
const state = { later: false };
const scans: Scan[] = [];

const problem = await postgresProblem();

describePostgres('the web app on PostgreSQL', problem, () => {
  beforeAll(async () => {
    site = await startSite({
      '/': (_req, res) => {
        const later = state.later ? '<a href="/later">Later</a>' : '';
        res.writeHead(200, { 'content-type': 'text/html' }).end(page(`<a href="/about">About</a> <a href="/missing">Missing</a> <a href="/docs/old/a">Old docs</a> ${later}`));
      },
      '/about': page('About us'),
      '/dislike404-verification.txt': (_req, res) => {
        res.writeHead(verifyAnswer === '' ? 404 : 200, { 'content-type': 'text/plain' });
        res.end(verifyAnswer);
      },
    });
    h = await startPostgresHarness();
  });
  afterAll(async () => {
    await h?.close();
    await site?.close();
  });

  const get = (url: string, browser: Browser = alice) => h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });
  const post = (url: string, values: Record<string, string>, browser: Browser = alice) =>
    h.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: browser.cookie, accept: 'text/html' }, payload: form({ _csrf: browser.csrf, ...values }) });
  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>, token = aliceToken) =>
    h.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload }) });
  const results = (scan: Scan, query = '') => `/sites/${siteId}/scans/${scan.id}${query}`;
  const location = (response: LightMyRequestResponse) => String(response.headers.location);
  async function urlsOn(url: string): Promise<string[]> {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    return [...response.body.matchAll(/<span class="u">([^<]+)<\/span>/g)].map((m) => new URL(m[1] ?? '').pathname).sort();
  }
  async function urlsInOrder(url: string): Promise<string[]> {
    const body = (await get(url)).body;
    return [...body.matchAll(/<span class="u">([^<]+)<\/span>/g)].map((m) => new URL(m[1] ?? '').pathname);
  }
  async function latestFinished(id = siteId): Promise<Scan> {
    for (let i = 0; i < 400; i += 1) {
      const [scan] = await h.store.listScans(id, { limit: 1 });
      if (scan !== undefined && scan.status !== 'running' && scan.status !== 'queued') return scan;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('scan did not finish');
  }
  async function scanFromForm(): Promise<Scan> {
    const before = (await h.store.listScans(siteId, { limit: 1 }))[0]?.id;
    const started = await post(`/sites/${siteId}/scan`, {});
    expect(started.statusCode).toBe(303);
    const scan = await latestFinished();
    expect(scan.id).not.toBe(before);
    return scan;
  }

  it('signs up, signs out and signs in again with the same password; a wrong one is refused', async () => {
    alice = await signUp(h.app, 'alice@example.com');
    mallory = await signUp(h.app, 'Mallory@Example.com');
    expect((await h.accounts.getUserByEmail('MALLORY@example.com'))?.email).toBe('mallory@example.com');
    expect((await post('/logout', {})).statusCode).toBe(303);
    expect((await h.app.inject({ method: 'GET', url: '/', headers: { cookie: alice.cookie } })).statusCode).toBe(303);

    const signIn = async (password: string): Promise<LightMyRequestResponse> => {
      const formPage = await h.app.inject({ method: 'GET', url: '/login' });
      return h.app.inject({
        method: 'POST',
        url: '/login',
        headers: { ...FORM, cookie: `d404_csrf=${cookieValue(formPage, 'd404_csrf') ?? ''}` },
        payload: form({ email: 'ALICE@example.com', password, _csrf: csrfFrom(formPage.body) }),
      });
    };
    expect((await signIn('not the password')).statusCode).toBe(401);
    const ok = await signIn('correct horse battery');
    expect(ok.statusCode).toBe(303);
    const cookie = `d404_session=${cookieValue(ok, 'd404_session') ?? ''}`;
    const home = await h.app.inject({ method: 'GET', url: '/', headers: { cookie } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('alice@example.com');
    alice = { cookie, csrf: csrfFrom(home.body) };
    aliceToken = await createToken(h.app, alice);
    malloryToken = await createToken(h.app, mallory);
  });

  it('adds a site from the dashboard and verifies it by the verification file', async () => {
    siteId = await addSite(h.app, alice, site.url('/'));
    const sitePage = await get(`/sites/${siteId}`);
    expect(sitePage.statusCode).toBe(200);
    expect(sitePage.body).toContain(site.url('/'));
    expect((await get('/')).body).toContain(`/sites/${siteId}`);

    verifyAnswer = 'not the code';
    const refused = await post(`/sites/${siteId}/verify`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Verification code not found');
    verifyAnswer = `${verificationCode(site.url('/'), siteId)}\n`;
    expect((await post(`/sites/${siteId}/verify`, {})).statusCode).toBe(303);
    expect(await h.accounts.getVerification(siteId)).toMatchObject({ siteId, method: 'file' });
    const listed = await api('GET', '/api/v1/urls');
    expect(listed.json()).toEqual({ data: [{ uuid: siteId, url: site.url('/'), domain: '127.0.0.1', verified: true }] });
  });

  it('scans through /api/v1 and reports the broken links', async () => {
    const started = await api('POST', `/api/v1/urls/${siteId}/scan`);
    expect(started.statusCode).toBe(202);
    const done = await waitForScan(h.app, aliceToken, siteId);
    expect(done).toMatchObject({ status: 'errors_found', detected_errors: 2, crawled_pages: 2, url_uuid: siteId });
    expect(String(done.end_time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const scan = await h.store.getScan(String(done.run_uuid));
    expect(scan).toMatchObject({ status: 'completed', siteId });
    scans.push(scan as Scan);
  });

  it('scans from the web form after the site changed, and the results page filters by severity, new and text', async () => {
    state.later = true;
    const second = await scanFromForm();
    expect(second.status).toBe('completed');
    scans.push(second);
    expect(await urlsOn(results(second))).toEqual(['/docs/old/a', '/later', '/missing']);
    expect(await urlsOn(results(second, '?severity=error'))).toEqual(['/docs/old/a', '/later', '/missing']);
    expect(await urlsOn(results(second, '?severity=notice'))).toEqual([]);
    expect(await urlsOn(results(second, '?new=1'))).toEqual(['/later']);
    expect(await urlsOn(results(second, '?q=docs'))).toEqual(['/docs/old/a']);
    expect(await urlsOn(results(second, '?q=DOCS'))).toEqual(['/docs/old/a']);
    expect(await urlsOn(results(second, '?q=docs&new=1'))).toEqual([]);
    expect(await urlsOn(results(second, '?status=404&scope=internal'))).toEqual(['/docs/old/a', '/later', '/missing']);
    expect(await urlsOn(results(second, '?scope=external'))).toEqual([]);
    expect(await urlsInOrder(results(second, '?sort=url&dir=desc'))).toEqual(['/missing', '/later', '/docs/old/a']);
    expect(await urlsInOrder(results(second, '?sort=url'))).toEqual(['/docs/old/a', '/later', '/missing']);
    const body = (await get(results(second, '?new=1'))).body;
    expect(body).toContain('<input type="checkbox" name="new" value="1" checked>');
    expect(body).toContain('Page 1 of 1 (1 findings)');
    // The first scan has nothing before it: everything in it is new.
    expect(await urlsOn(results(scans[0] as Scan, '?new=1'))).toEqual(['/docs/old/a', '/missing']);
    // /api/v2 filters the same way.
    const fresh = await api('GET', `/api/v2/scans/${second.id}/findings?new=true&severity=error`);
    expect(fresh.json<{ total: number; data: { url: string }[] }>()).toMatchObject({ total: 1, data: [{ url: site.url('/later') }] });
    const text = await api('GET', `/api/v2/scans/${second.id}/findings?text=missing`);
    expect(text.json<{ data: { url: string }[] }>().data.map((f) => f.url)).toEqual([site.url('/missing')]);
  });

  it('shows the diff against the previous scan on the page and in /api/v2', async () => {
    const [first, second] = scans as [Scan, Scan];
    const diffPage = await get(`/sites/${siteId}/scans/${second.id}/diff`);
    expect(diffPage.statusCode).toBe(200);
    expect(diffPage.body).toContain('<strong data-count="new">1</strong> new');
    expect(diffPage.body).toContain('<strong data-count="fixed">0</strong> fixed');
    expect(diffPage.body).toContain('<strong data-count="still_broken">2</strong> still broken');
    const diff = await api('GET', `/api/v2/scans/${second.id}/diff`);
    expect(diff.statusCode).toBe(200);
    const data = diff.json<{ againstId: string; counts: Record<string, number>; data: { url: string; change: string; firstSeenAt: string | null }[] }>();
    expect(data.againstId).toBe(first.id);
    expect(data.counts).toEqual({ new: 1, fixed: 0, still_broken: 2 });
    expect(data.data.filter((d) => d.change === 'new').map((d) => d.url)).toEqual([site.url('/later')]);
    // History reads back the first sighting from the first scan.
    const missing = data.data.find((d) => d.url === site.url('/missing'));
    expect(missing?.change).toBe('still_broken');
    expect(Date.parse(missing?.firstSeenAt ?? '')).toBeLessThanOrEqual(Date.parse(second.startedAt ?? ''));
    const backwards = await api('GET', `/api/v2/scans/${first.id}/diff?against=${second.id}`);
    expect(backwards.json<{ counts: Record<string, number> }>().counts).toEqual({ new: 0, fixed: 1, still_broken: 2 });
  });

  it('exports the scan as CSV and JSON', async () => {
    const second = scans[1] as Scan;
    const csv = await api('GET', `/api/v2/scans/${second.id}/export.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(csv.headers['content-disposition'])).toMatch(/^attachment; filename="dislike404-127\.0\.0\.1-\d+-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.csv"$/);
    for (const path of ['/missing', '/later', '/docs/old/a']) expect(csv.body).toContain(site.url(path));
    const json = await api('GET', `/api/v2/scans/${second.id}/export.json`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    const report = JSON.parse(json.body) as { findings: { url: string; severity: string }[] };
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.url).sort()).toEqual([site.url('/docs/old/a'), site.url('/later'), site.url('/missing')]);
  });

  it('shows the scans on the dashboard and the site page with UTC times, the legacy run link and the HTML export', async () => {
    const [first, second] = scans as [Scan, Scan];
    const home = (await get('/')).body;
    expect(home).toMatch(/<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time>/);
    const sitePage = (await get(`/sites/${siteId}`)).body;
    for (const scan of [first, second]) {
      expect(sitePage).toContain(`href="/sites/${siteId}/scans/${scan.id}"`);
      expect(sitePage).toContain(`href="/sites/${siteId}/scans/${scan.id}/diff"`);
    }
    expect(sitePage).not.toContain('Invalid Date');
    const legacy = await get(`/scan-details/${siteId}/${first.id}`);
    expect([200, 301, 302, 303, 308]).toContain(legacy.statusCode);
    const report = await api('GET', `/api/v2/scans/${second.id}/export.html`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain(site.url('/missing'));
    const listed = await api('GET', `/api/v2/sites/${siteId}/scans`);
    expect(listed.statusCode).toBe(200);
    expect(JSON.stringify(listed.json())).toContain(second.id);
  });

  it('pages through a big scan in byte order of the URLs, with the totals', async () => {
    const paths = [...Array.from({ length: 120 }, (_, i) => `/gone/${String(i).padStart(3, '0')}`), '/Zebra', '/apple', '/_under'];
    const big = await startSite({ '/': page(paths.map((p) => `<a href="${p}">${p}</a>`).join('\n')) });
    try {
      const bigId = await addSite(h.app, alice, big.url('/'));
      expect((await post(`/sites/${bigId}/scan`, {})).statusCode).toBe(303);
      const scan = await latestFinished(bigId);
      expect(scan.summary?.pagesCrawled).toBe(1);
      const url = (query: string) => `/sites/${bigId}/scans/${scan.id}${query}`;
      const shown: string[] = [];
      for (const n of [1, 2, 3]) {
        const body = (await get(url(`?sort=url&page=${n}`))).body;
        expect(body).toContain(`Page ${n} of 3 (123 findings)`);
        shown.push(...[...body.matchAll(/<span class="u">([^<]+)<\/span>/g)].map((m) => new URL(m[1] ?? '').pathname));
      }
      expect(shown).toEqual([...paths].sort());
      expect(shown.slice(0, 3)).toEqual(['/Zebra', '/_under', '/apple']);
      const v2 = await api('GET', `/api/v2/scans/${scan.id}/findings?sort=url&order=desc&limit=5&offset=2`);
      expect(v2.json<{ total: number; data: { url: string }[] }>()).toMatchObject({ total: 123 });
      expect(v2.json<{ data: { url: string }[] }>().data.map((f) => new URL(f.url).pathname)).toEqual([...paths].sort().reverse().slice(2, 7));
    } finally {
      await big.close();
    }
  });

  it('runs scans of several sites at once, each recorded whole', async () => {
    const sites = await Promise.all([1, 2, 3].map((n) => startSite({ '/': page(Array.from({ length: 10 * n }, (_, i) => `<a href="/x/${i}">${i}</a>`).join('\n')) })));
    try {
      const ids = await Promise.all(sites.map((s) => api('POST', '/api/v2/sites', { url: s.url('/') })));
      const siteIds = ids.map((r) => r.json<{ id: string }>().id);
      const started = await Promise.all(siteIds.map((id) => api('POST', `/api/v2/sites/${id}/scans`)));
      expect(started.map((r) => r.statusCode)).toEqual([202, 202, 202]);
      const finished = await Promise.all(siteIds.map((id) => latestFinished(id)));
      expect(finished.map((scan) => [scan.status, scan.summary?.broken])).toEqual([
        ['completed', 10],
        ['completed', 20],
        ['completed', 30],
      ]);
      for (const [i, scan] of finished.entries()) {
        const findings = await api('GET', `/api/v2/scans/${scan.id}/findings?limit=100`);
        expect(findings.json<{ total: number }>().total).toBe(10 * (i + 1));
      }
    } finally {
      await Promise.all(sites.map((s) => s.close()));
    }
  });

  it('blacklists a URL from the results page, and the next scan suppresses it', async () => {
    const second = scans[1] as Scan;
    const url = site.url('/docs/old/a');
    const added = await post(`${results(second)}/blacklist?severity=error`, { url, target: 'url' });
    expect(added.statusCode).toBe(303);
    const rules = await h.store.listBlacklistRules(siteId);
    expect(rules).toMatchObject([{ kind: 'exact', pattern: url, scope: 'any', author: 'alice@example.com' }]);
    expect(location(added)).toBe(`${results(second)}?severity=error&added=${rules[0]?.id}`);
    expect((await get(location(added))).body).toContain(`Added rule <code>exact ${url}</code>`);
    const again = await post(`${results(second)}/blacklist`, { url, target: 'url' });
    expect(location(again)).toBe(`${results(second)}?already=${rules[0]?.id}`);

    const third = await scanFromForm();
    scans.push(third);
    expect(third.status).toBe('completed');
    expect(third.summary?.suppressed).toBe(1);
    expect(second.summary?.suppressed).toBe(0);
    expect(await urlsOn(results(third))).toEqual(['/later', '/missing']);
    expect(await urlsOn(results(third, '?suppressed=1'))).toEqual(['/docs/old/a', '/later', '/missing']);
    const shown = (await get(results(third, '?suppressed=1'))).body;
    expect(shown).toContain('<span class="tag">suppressed</span>');
    const suppressed = await api('GET', `/api/v2/scans/${third.id}/findings?suppressed=true`);
    expect(suppressed.json<{ data: { url: string; suppressedBy: unknown }[] }>().data).toMatchObject([{ url, suppressedBy: expect.objectContaining({ kind: 'exact' }) }]);
    // Nothing new in the third scan; a suppressed URL is neither new nor still broken.
    expect(await urlsOn(results(third, '?new=1'))).toEqual([]);
    const diff = await api('GET', `/api/v2/scans/${third.id}/diff`);
    expect(diff.json<{ counts: Record<string, number> }>().counts).toMatchObject({ new: 0, still_broken: 2 });
  });

  it('adds an alert channel on the alerts page and lists it', async () => {
    const empty = await get(`/sites/${siteId}/alerts`);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('No alert channels yet');
    const added = await post(`/sites/${siteId}/alerts`, { kind: 'email', target: 'ops@example.test', minSeverity: 'warning' });
    expect(added.statusCode).toBe(303);
    expect(location(added)).toBe(`/sites/${siteId}/alerts`);
    const listed = (await get(`/sites/${siteId}/alerts`)).body;
    expect([...listed.matchAll(/<tr id="channel-([0-9a-f-]+)">/g)]).toHaveLength(1);
    expect(listed).toContain('ops@example.test');
    expect(listed).toContain('warning and above');
    const channels = await api('GET', `/api/v2/sites/${siteId}/channels`);
    expect(channels.json<{ data: { kind: string }[] }>().data).toMatchObject([{ kind: 'email' }]);
  });

  it('sets, reads and removes a schedule through /api/v2', async () => {
    const path = `/api/v2/sites/${siteId}/schedule`;
    expect((await api('GET', path)).json()).toEqual({ schedule: { kind: 'off' }, since: null, lastRunAt: null, nextRunAt: null });
    const put = await api('PUT', path, { kind: 'daily', at: '06:30', timezone: 'UTC' });
    expect(put.statusCode).toBe(200);
    const body = put.json<{ schedule: unknown; since: string; nextRunAt: string }>();
    expect(body.schedule).toEqual({ kind: 'daily', at: '06:30', timezone: 'UTC' });
    expect(body.nextRunAt).toMatch(/^\d{4}-\d\d-\d\dT06:30:00\.000Z$/);
    expect((await api('GET', path)).json()).toEqual(body);
    expect((await get(`/sites/${siteId}/alerts`)).body).toMatch(/Scheduled daily at 06:30 \(UTC\)/);
    expect((await api('DELETE', path)).statusCode).toBe(204);
    expect((await api('GET', path)).json()).toMatchObject({ schedule: { kind: 'off' }, nextRunAt: null });
  });

  it("answers 404 for another user's site, scan and results on pages and both APIs", async () => {
    const third = scans[2] as Scan;
    expect((await get(`/sites/${siteId}`, mallory)).statusCode).toBe(404);
    expect((await get(results(third), mallory)).statusCode).toBe(404);
    expect((await get(`/sites/${siteId}/alerts`, mallory)).statusCode).toBe(404);
    expect((await post(`${results(third)}/blacklist`, { url: site.url('/missing'), target: 'url' }, mallory)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/urls/${siteId}/status`, undefined, malloryToken)).statusCode).toBe(404);
    expect((await api('GET', `/api/v2/scans/${third.id}/findings`, undefined, malloryToken)).statusCode).toBe(404);
    expect((await api('GET', `/api/v2/scans/${third.id}/export.csv`, undefined, malloryToken)).statusCode).toBe(404);
    expect((await api('PUT', `/api/v2/sites/${siteId}/schedule`, { kind: 'daily', at: '01:00', timezone: 'UTC' }, malloryToken)).statusCode).toBe(404);
    expect((await api('GET', '/api/v1/urls', undefined, malloryToken)).json()).toEqual({ data: [] });
    expect((await get('/', mallory)).body).not.toContain(site.origin);
    expect(await h.store.listBlacklistRules(siteId)).toHaveLength(1);
  });

  it('marks a scan left running by a dead server interrupted when a second app starts over the same schema', async () => {
    const running = await h.store.createScan({ siteId, options: {}, status: 'running' });
    await h.store.checkpoint(running.id, { counters: { pagesCrawled: 1 } });
    // Another server process over the same database, starting a minute after the last checkpoint.
    const store = await openStore(h.dbPath);
    const accounts = await openAccountsStore(h.dbPath);
    const app = await buildApp({ store, accounts, allowPrivateNetworks: true, clock: A_MINUTE_LATER });
    try {
      expect(await store.getScan(running.id)).toMatchObject({ status: 'interrupted', failure: INTERRUPTED_BY_RESTART });
      const v2 = await app.inject({ method: 'GET', url: `/api/v2/scans/${running.id}`, headers: { authorization: `Bearer ${aliceToken}` } });
      expect(v2.json()).toMatchObject({ status: 'interrupted', failure: INTERRUPTED_BY_RESTART, live: null });
      const v1 = await app.inject({ method: 'GET', url: `/api/v1/urls/${siteId}/status`, headers: { authorization: `Bearer ${aliceToken}` } });
      expect((v1.json() as { data: { status: string } }).data.status).toBe('aborted');
      const home = await app.inject({ method: 'GET', url: '/', headers: { cookie: alice.cookie } });
      expect(home.body).toContain(`<p class="failure">${INTERRUPTED_BY_RESTART}</p>`);
      // The finished scans are untouched.
      for (const scan of scans) expect((await store.getScan(scan.id))?.status).toBe('completed');
    } finally {
      await app.close();
      await accounts.close();
      await store.close();
    }
  });

  it('leaves a scan that is still checkpointing alone, and marks it once it stops', async () => {
    const cliSite = await h.store.addSite({ url: 'https://cli.example/' });
    const running = await h.store.createScan({ siteId: cliSite.id, options: {}, status: 'running' });
    await h.store.checkpoint(running.id, { counters: { pagesCrawled: 1 } });
    let clock = new Date();
    const sweep = await sweepInterruptedScans({ store: h.store, now: () => clock, recheckAfterMs: 20 });
    try {
      expect(sweep.interrupted).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect((await h.store.getScan(running.id))?.status).toBe('running');
      clock = A_MINUTE_LATER();
      await new Promise((resolve) => setTimeout(resolve, 60));
      await sweep.settled();
      expect(await h.store.getScan(running.id)).toMatchObject({ status: 'interrupted', failure: INTERRUPTED_ELSEWHERE });
    } finally {
      sweep.close();
    }
  });
});
