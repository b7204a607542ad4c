import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressionCounts } from '../../src/server/routes/site-admin-routes.js';
import { blacklistView, EMPTY_RULE_FORM } from '../../src/server/views/blacklist-view.js';
import type { Scan } from '../../src/store/store.js';
import { finding, summaryFor } from '../store/store-fixtures.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, form, FORM, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

/**
 * A real local site scanned by the real engine: rules added on the blacklist page suppress their
 * URLs in the next scan, and the page counts what each rule suppressed.
 */
let h: Harness;
let site: TestSite;
let alice: Browser;
let mallory: Browser;
let siteId: string;
let otherSiteId: string;

beforeAll(async () => {
  site = await startSite({
    '/': page('<a href="/gone">Gone</a> <a href="/old/a">A</a> <a href="/old/b">B</a> <a href="/fine">Fine</a>'),
    '/fine': page('Fine'),
    '/old/a': { status: 404, body: 'gone' },
    '/old/b': { status: 404, body: 'gone' },
  });
  h = await startHarness({ quotas: { unverified: { maxPages: 200, scansPerDay: 20 } } });
  alice = await signUp(h.app, 'alice@example.com');
  mallory = await signUp(h.app, 'mallory@example.com');
  siteId = await addSite(h.app, alice, site.url('/'));
  otherSiteId = await addSite(h.app, alice, site.url('/fine'));
});
afterAll(async () => {
  await h.close();
  await site.close();
});

const get = (url: string, browser: Browser = alice) => h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });
const post = (url: string, values: Record<string, string>, browser: Browser = alice) =>
  h.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: browser.cookie, accept: 'text/html' }, payload: form(values) });
const blacklist = (id = siteId) => `/sites/${id}/blacklist`;

async function scanNow(id: string): Promise<Scan> {
  const response = await post(`/sites/${id}/scan`, { _csrf: alice.csrf });
  if (response.statusCode !== 303) throw new Error(`scan did not start: ${response.statusCode} ${response.body}`);
  for (let i = 0; i < 400; i += 1) {
    const [scan] = await h.store.listScans(id, { limit: 1 });
    // Done once it is recorded and the runner has let go of the site (the site page offers a new scan).
    if (scan !== undefined && scan.status !== 'running' && scan.status !== 'queued' && (await get(`/sites/${id}`)).body.includes(`action="/sites/${id}/scan"`)) return scan;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('scan did not finish');
}

async function suppressedUrls(scan: Scan): Promise<Record<string, string | undefined>> {
  const { findings } = await h.store.getFindings(scan.id, { suppressed: true, limit: 100 });
  return Object.fromEntries(findings.map((f) => [f.url, f.suppressedBy?.ruleId]));
}

async function siteOf(id: string) {
  const found = await h.store.getSite(id);
  if (found === null) throw new Error(`no site ${id}`);
  return found;
}

/** The `<li>` of one rule on the page. */
function ruleHtml(body: string, ruleId: string): string {
  const start = body.indexOf(`<li id="rule-${ruleId}">`);
  if (start < 0) throw new Error(`rule ${ruleId} is not on the page`);
  return body.slice(start, body.indexOf('</li>', start));
}

describe('the blacklist page', () => {
  it('is linked from the site page and explains rules before there are any', async () => {
    expect((await get(`/sites/${siteId}`)).body).toContain(`<a href="${blacklist()}">Blacklist</a>`);
    const response = await get(blacklist());
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('id="no-rules"');
    expect(response.body).toContain('still checked and stored, marked as suppressed');
    expect(response.body).toContain('from the results page');
    expect(response.body).toContain(`<form method="post" action="${blacklist()}" class="rule-form" novalidate>`);
    expect(response.body).toMatch(/<label for="rule-pattern">Pattern<\/label>/);
  });

  it('adds a rule from the form, and the next scan suppresses that URL and the page counts it', async () => {
    const before = await scanNow(siteId);
    expect(await suppressedUrls(before)).toEqual({});

    const added = await post(blacklist(), { kind: 'exact', pattern: `  ${site.url('/gone')}  `, scope: 'internal', note: 'Removed on purpose', _csrf: alice.csrf });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`${blacklist()}?added=1`);
    const prefix = await post(blacklist(), { kind: 'prefix', pattern: '/old/', scope: 'any', note: '', _csrf: alice.csrf });
    expect(prefix.statusCode).toBe(303);
    const [exact, folder] = await h.store.listBlacklistRules(siteId);
    expect(exact).toMatchObject({ kind: 'exact', pattern: site.url('/gone'), scope: 'internal', note: 'Removed on purpose', author: 'alice@example.com', statusCodes: null, errorCodes: null });
    expect(folder).toMatchObject({ kind: 'prefix', pattern: '/old/', scope: 'any', note: '' });

    const notYet = await get(`${blacklist()}?added=1`);
    expect(notYet.body).toContain('Rule added');
    expect(ruleHtml(notYet.body, exact?.id ?? '')).toContain('not applied yet');

    const after = await scanNow(siteId);
    expect(await suppressedUrls(after)).toEqual({ [site.url('/gone')]: exact?.id, [site.url('/old/a')]: folder?.id, [site.url('/old/b')]: folder?.id });

    const body = (await get(blacklist())).body;
    const exactItem = ruleHtml(body, exact?.id ?? '');
    expect(exactItem).toContain(`<code>${site.url('/gone')}</code>`);
    expect(exactItem).toContain('<dd>exact</dd>');
    expect(exactItem).toContain('<dd>internal links</dd>');
    expect(exactItem).toContain('<dd>Removed on purpose</dd>');
    expect(exactItem).toMatch(/<time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time> by alice@example.com/);
    expect(exactItem).toContain('<dd class="suppressed">1 finding in the latest scan</dd>');
    expect(ruleHtml(body, folder?.id ?? '')).toContain('<dd class="suppressed">2 findings in the latest scan</dd>');
    expect(body).toContain(`<a href="/sites/${siteId}/scans/${after.id}">the results page</a>`);
  });

  it('removes a rule with its button, and only with the CSRF token', async () => {
    const [, folder] = await h.store.listBlacklistRules(siteId);
    const action = `${blacklist()}/${folder?.id}/remove`;
    const body = (await get(blacklist())).body;
    expect(ruleHtml(body, folder?.id ?? '')).toContain(`<form method="post" action="${action}">`);

    expect((await post(action, {})).statusCode).toBe(403);
    expect((await post(action, { _csrf: 'forged' })).statusCode).toBe(403);
    expect(await h.store.listBlacklistRules(siteId)).toHaveLength(2);

    const removed = await post(action, { _csrf: alice.csrf });
    expect(removed.statusCode).toBe(303);
    expect(removed.headers.location).toBe(`${blacklist()}?removed=1`);
    expect((await h.store.listBlacklistRules(siteId)).map((r) => r.id)).not.toContain(folder?.id);
    expect((await get(`${blacklist()}?removed=1`)).body).toContain('Rule removed');
    // Removing twice finds nothing.
    expect((await post(action, { _csrf: alice.csrf })).statusCode).toBe(404);
  });

  it('refuses a broken regex with 422, the message beside the field and the values kept', async () => {
    const response = await post(blacklist(), { kind: 'regex', pattern: '^/news/(unclosed', scope: 'external', note: 'Keep <this>', _csrf: alice.csrf });
    expect(response.statusCode).toBe(422);
    expect(response.body).toMatch(/<input type="text" id="rule-pattern" name="pattern" aria-describedby="rule-pattern-hint rule-pattern-error" aria-invalid="true" value="\^\/news\/\(unclosed"/);
    expect(response.body).toMatch(/<p id="rule-pattern-error" class="error" role="alert">Invalid regular expression [^<]*unclosed[^<]*<\/p>/);
    expect(response.body).toContain('<option value="regex" selected>');
    expect(response.body).toContain('<option value="external" selected>');
    expect(response.body).toContain('value="Keep &#60;this&#62;"');
    expect(await h.store.listBlacklistRules(siteId)).toHaveLength(1);
  });

  it('refuses an empty pattern and an unknown kind on their own fields', async () => {
    const empty = await post(blacklist(), { kind: 'glob', pattern: '   ', scope: 'any', _csrf: alice.csrf });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('<p id="rule-pattern-error" class="error" role="alert">Enter a pattern');
    const kind = await post(blacklist(), { kind: 'domain', pattern: 'example.com', scope: 'any', _csrf: alice.csrf });
    expect(kind.statusCode).toBe(422);
    expect(kind.body).toContain('<p id="rule-kind-error" class="error" role="alert">Choose exact, prefix, glob or regex.</p>');
    expect(kind.body).toContain('id="rule-kind" name="kind" aria-describedby="rule-kind-hint rule-kind-error" aria-invalid="true"');
    expect(kind.body).toContain('value="example.com"');
    expect(await h.store.listBlacklistRules(siteId)).toHaveLength(1);
  });

  it('adds nothing without the CSRF token', async () => {
    expect((await post(blacklist(), { kind: 'exact', pattern: site.url('/fine') })).statusCode).toBe(403);
    expect((await post(blacklist(), { kind: 'exact', pattern: site.url('/fine'), _csrf: 'forged' })).statusCode).toBe(403);
    expect(await h.store.listBlacklistRules(siteId)).toHaveLength(1);
  });

  it('answers 404 for another user’s site and for a rule of another site', async () => {
    const [rule] = await h.store.listBlacklistRules(siteId);
    expect((await get(blacklist(), mallory)).statusCode).toBe(404);
    expect((await post(blacklist(), { kind: 'exact', pattern: site.url('/fine'), _csrf: mallory.csrf }, mallory)).statusCode).toBe(404);
    expect((await post(`${blacklist()}/${rule?.id}/remove`, { _csrf: mallory.csrf }, mallory)).statusCode).toBe(404);
    const mallorySite = await addSite(h.app, mallory, site.url('/old/a'));
    expect((await post(`${blacklist(mallorySite)}/${rule?.id}/remove`, { _csrf: mallory.csrf }, mallory)).statusCode).toBe(404);
    // Alice's own other site does not reach this site's rule either.
    expect((await post(`${blacklist(otherSiteId)}/${rule?.id}/remove`, { _csrf: alice.csrf })).statusCode).toBe(404);
    expect((await h.store.listBlacklistRules(siteId)).map((r) => r.id)).toEqual([rule?.id]);
  });

  it('counts at most a capped number of suppressed findings and then says there are many', async () => {
    const id = await addSite(h.app, alice, site.url('/old/'));
    const many = await h.store.addBlacklistRule(id, { kind: 'prefix', pattern: '/many/' });
    const few = await h.store.addBlacklistRule(id, { kind: 'prefix', pattern: '/few/' });
    const scan = await h.store.createScan({ siteId: id, options: {} });
    const suppressed = (rule: typeof many, path: string) =>
      finding(site.url(path), { suppressedBy: { ruleId: rule.id, kind: rule.kind, pattern: rule.pattern, note: '' } });
    const findings = [
      ...Array.from({ length: 5 }, (_, i) => suppressed(many, `/many/${i}`)),
      suppressed(few, '/few/0'),
      finding(site.url('/shown')),
    ];
    await h.store.saveFindings(scan.id, findings);
    await h.store.finishScan(scan.id, { status: 'completed', summary: summaryFor(findings, new Date().toISOString()) });

    const all = await suppressionCounts(h.store, id);
    expect(all).toMatchObject({ counted: 6, complete: true });
    expect([...(all?.byRule ?? [])]).toEqual([[many.id, 5], [few.id, 1]]);

    const capped = await suppressionCounts(h.store, id, 4);
    expect(capped).toMatchObject({ counted: 4, complete: false });
    expect([...(capped?.byRule ?? [])]).toEqual([[many.id, 4]]);
    const body = blacklistView({ site: await siteOf(id), csrf: 'x', rules: [many, few], counts: capped, form: EMPTY_RULE_FORM, errors: {}, notice: null }).html;
    expect(ruleHtml(body, many.id)).toContain('many: at least 4 findings in the latest scan');
    expect(ruleHtml(body, few.id)).toContain('none among the first 4 suppressed findings (there are many)');
  });
});
