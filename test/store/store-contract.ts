import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { compileBlacklist } from '../../src/store/blacklist-matcher.js';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations.js';
import { StoreError } from '../../src/store/store-error.js';
import type { Store } from '../../src/store/store.js';
import { checkResult, finding, occurrence, sampleFindings, sampleReport, SITE, summaryFor } from './store-fixtures.js';

/** What an adapter's test file provides so the one contract can run against it. */
export interface StoreHarness {
  /** Location of a new, empty database for one test. */
  freshLocation(): Promise<string>;
  /** Writes the schema version row directly, as a newer release would have. */
  setSchemaVersion(location: string, version: number): Promise<void>;
  /** Changes whenever anything in the database changes (file bytes, or a dump for servers). */
  fingerprint(location: string): Promise<string>;
  cleanup(): Promise<void>;
}

async function storeError(promise: Promise<unknown>): Promise<StoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

export function describeStoreContract(name: string, open: (location: string) => Promise<Store>, harness: StoreHarness): void {
  describe(`Store contract: ${name}`, () => {
    const opened: Store[] = [];
    const openAt = async (location: string): Promise<Store> => {
      const store = await open(location);
      opened.push(store);
      return store;
    };
    const fresh = async (): Promise<Store> => openAt(await harness.freshLocation());
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
    });
    afterAll(() => harness.cleanup());

    async function siteWithScan(store: Store, url = SITE) {
      const site = await store.addSite({ url, name: 'Shop' });
      const scan = await store.createScan({ siteId: site.id, options: { maxPages: 10 }, status: 'running' });
      return { site, scan };
    }

    it('runs migrations once: reopening keeps data and changes nothing', async () => {
      const location = await harness.freshLocation();
      const first = await open(location);
      await first.addSite({ url: SITE });
      await first.close();
      const again = await openAt(location);
      expect((await again.listSites()).map((s) => s.url)).toEqual([SITE]);
      await again.close();
      const before = await harness.fingerprint(location);
      await (await open(location)).close();
      expect(await harness.fingerprint(location)).toBe(before);
    });

    it('refuses a database from a newer release with DB_TOO_NEW and leaves it untouched', async () => {
      const location = await harness.freshLocation();
      const store = await open(location);
      await store.addSite({ url: SITE });
      await store.close();
      await harness.setSchemaVersion(location, LATEST_SCHEMA_VERSION + 1);
      const before = await harness.fingerprint(location);
      const error = await storeError(open(location));
      expect(error.code).toBe('DB_TOO_NEW');
      expect(error.message).not.toContain('\n');
      expect(await harness.fingerprint(location)).toBe(before);
    });

    it('adds, finds, lists, updates and removes sites', async () => {
      const store = await fresh();
      const site = await store.addSite({ url: SITE, name: 'Shop', settings: { maxPages: 5 } });
      expect(site).toMatchObject({ url: SITE, name: 'Shop', settings: { maxPages: 5 }, owner: null });
      expect(await store.getSite(site.id)).toEqual(site);
      expect(await store.getSiteByUrl(SITE)).toEqual(site);
      expect(await store.getSiteByUrl('https://other.test/')).toBeNull();
      expect((await storeError(store.addSite({ url: SITE }))).code).toBe('CONFLICT');
      const owned = await store.addSite({ url: SITE, owner: 'user-1' });
      expect((await store.listSites({ owner: 'user-1' })).map((s) => s.id)).toEqual([owned.id]);
      expect(await store.listSites()).toHaveLength(2);
      expect((await store.updateSiteSettings(site.id, { maxPages: 9 })).settings).toEqual({ maxPages: 9 });
      expect((await storeError(store.updateSiteSettings('nope', {}))).code).toBe('NOT_FOUND');
      const scan = await store.createScan({ siteId: site.id, options: {} });
      expect(await store.removeSite(site.id)).toBe(true);
      expect(await store.removeSite(site.id)).toBe(false);
      expect(await store.getScan(scan.id)).toBeNull();
    });

    it('tracks scan status, counters, durations and lists newest first', async () => {
      const store = await fresh();
      const site = await store.addSite({ url: SITE });
      expect((await storeError(store.createScan({ siteId: 'missing', options: {} }))).code).toBe('NOT_FOUND');
      const a = await store.createScan({ siteId: site.id, options: { depth: 1 } });
      expect(a).toMatchObject({ status: 'queued', startedAt: null, options: { depth: 1 }, counters: { pagesCrawled: 0 } });
      const running = await store.markScanStatus(a.id, 'running');
      expect(running.startedAt).not.toBeNull();
      const findings = sampleFindings();
      const done = await store.finishScan(a.id, { status: 'completed', summary: summaryFor(findings) });
      expect(done).toMatchObject({ status: 'completed', durationMs: 65_000, limitsHit: ['maxPages'], counters: { pagesCrawled: 120, urlsChecked: 300, urlsFound: 320, findings: 30 } });
      const b = await store.createScan({ siteId: site.id, options: {} });
      const failed = await store.markScanStatus(b.id, 'failed', 'disk full');
      expect(failed).toMatchObject({ status: 'failed', failure: 'disk full' });
      expect(failed.finishedAt).not.toBeNull();
      expect((await store.listScans(site.id)).map((s) => s.id)).toEqual([b.id, a.id]);
      expect((await store.listScans(site.id, { limit: 1, offset: 1 })).map((s) => s.id)).toEqual([a.id]);
      expect((await store.latestScans(1)).map((s) => s.id)).toEqual([b.id]);
      expect(await store.removeScan(b.id)).toBe(true);
      expect((await storeError(store.markScanStatus(b.id, 'running'))).code).toBe('NOT_FOUND');
    });

    it('round-trips checkpoints: queued and done URLs, appended occurrences, pages, counters', async () => {
      const store = await fresh();
      const { scan } = await siteWithScan(store);
      const a = `${SITE}a`;
      const b = `${SITE}b.css`;
      await store.checkpoint(scan.id, {
        discovered: [
          { url: a, depth: 1, plan: 'page', internal: true, kind: 'page', occurrenceCount: 1, occurrences: [occurrence(SITE, 1)] },
          { url: b, depth: 1, plan: 'stylesheet', internal: true, kind: 'stylesheet', occurrences: [occurrence(SITE, 2)] },
        ],
        completed: [{ url: SITE, depth: 0, plan: 'page', internal: true, kind: 'page', inSitemap: true, result: checkResult(SITE) }],
        pages: [{ url: SITE, status: 200, depth: 0, title: 'Home' }],
        counters: { pagesCrawled: 1, urlsChecked: 1, urlsFound: 3 },
      });
      const broken = checkResult(a, { status: 404, redirects: [{ url: a, status: 302, location: `${SITE}a/` }], finalUrl: `${SITE}a/` });
      await store.checkpoint(scan.id, {
        completed: [{ url: a, depth: 2, plan: 'page', internal: true, kind: 'page', occurrenceCount: 3, occurrences: [occurrence(`${SITE}x`, 9)], result: broken }],
        // Seeing a done URL again must not put it back in the queue.
        discovered: [{ url: SITE, depth: 3, plan: 'page', internal: true, kind: 'page', occurrences: [occurrence(a, 4)] }, { url: b, depth: 1, plan: 'stylesheet', internal: true, kind: 'stylesheet' }],
        occurrences: [{ url: b, occurrences: [occurrence(a, 5), occurrence(a, 6)] }],
        pages: [{ url: a, status: 404, depth: 1, title: null }],
        counters: { pagesCrawled: 2 },
      });
      const cp = await store.loadCheckpoint(scan.id);
      expect(cp.scan.counters).toMatchObject({ pagesCrawled: 2, urlsChecked: 1, urlsFound: 3 });
      expect(cp.scan.lastCheckpointAt).not.toBeNull();
      const byUrl = new Map(cp.entries.map((e) => [e.url, e]));
      expect(byUrl.get(SITE)).toMatchObject({ state: 'done', depth: 0, inSitemap: true, result: checkResult(SITE), occurrences: [occurrence(a, 4)] });
      expect(byUrl.get(a)).toMatchObject({ state: 'done', depth: 1, occurrenceCount: 3, result: broken, occurrences: [occurrence(SITE, 1), occurrence(`${SITE}x`, 9)] });
      expect(byUrl.get(b)).toMatchObject({ state: 'queued', plan: 'stylesheet', result: null, occurrenceCount: 3, occurrences: [occurrence(SITE, 2), occurrence(a, 5), occurrence(a, 6)] });
      expect(cp.pages).toEqual([{ url: SITE, status: 200, depth: 0, title: 'Home' }, { url: a, status: 404, depth: 1, title: null }]);
      expect((await storeError(store.loadCheckpoint('missing'))).code).toBe('NOT_FOUND');
    });

    it('keeps page anchors and #fragment references across checkpoints (replaced, never lost)', async () => {
      const store = await fresh();
      const { scan } = await siteWithScan(store);
      const doc = `${SITE}doc`;
      const ref = (fragment: string, line: number) => ({ fragment, count: 1, missing: false, occurrences: [occurrence(SITE, line)] });
      await store.checkpoint(scan.id, {
        discovered: [{ url: doc, depth: 1, plan: 'page', internal: true, kind: 'page', fragments: [ref('intro', 3)] }],
        pages: [{ url: SITE, status: 200, depth: 0, title: 'Home', anchors: ['top', 'intro'] }],
      });
      // A later checkpoint without fragments leaves them alone; one with fragments replaces them.
      await store.checkpoint(scan.id, { occurrences: [{ url: doc, occurrences: [occurrence(SITE, 4)] }] });
      await store.checkpoint(scan.id, {
        completed: [{ url: doc, depth: 1, plan: 'page', internal: true, kind: 'page', result: checkResult(doc), fragments: [ref('intro', 3), { ...ref('gone', 5), missing: true }] }],
      });
      const cp = await store.loadCheckpoint(scan.id);
      const entry = cp.entries.find((e) => e.url === doc);
      expect(entry?.fragments).toEqual([ref('intro', 3), { ...ref('gone', 5), missing: true }]);
      expect(cp.pages).toEqual([{ url: SITE, status: 200, depth: 0, title: 'Home', anchors: ['top', 'intro'] }]);
    });

    it('rebuilds the saved report exactly, after checkpoints and chunked saves', async () => {
      const store = await fresh();
      const site = await store.addSite({ url: SITE });
      const report = sampleReport();
      const scan = await store.createScan({ siteId: site.id, options: report.options, toolVersion: report.tool.version, status: 'running' });
      await store.checkpoint(scan.id, {
        completed: [{ url: `${SITE}missing`, depth: 1, plan: 'page', internal: true, kind: 'page', occurrences: [occurrence(SITE, 99)], result: checkResult(`${SITE}missing`, { status: 404 }) }],
      });
      expect((await storeError(store.getReport(scan.id))).code).toBe('SCAN_NOT_FINISHED');
      await store.saveFindings(scan.id, report.findings.slice(0, 10));
      await store.saveFindings(scan.id, report.findings.slice(10));
      await store.finishScan(scan.id, { status: 'completed', summary: report.summary });
      expect(await store.getReport(scan.id)).toEqual(report);
    });

    it('filters, sorts and pages findings on the server', async () => {
      const store = await fresh();
      const { scan } = await siteWithScan(store);
      const findings = sampleFindings();
      await store.saveFindings(scan.id, findings);
      const all = await store.getFindings(scan.id, { limit: 1000 });
      expect(all.total).toBe(30);
      expect(all.findings.map((f) => f.url)).toEqual(findings.map((f) => f.url));
      const page = await store.getFindings(scan.id, { limit: 5, offset: 10 });
      expect(page.total).toBe(30);
      expect(page.findings).toEqual(findings.slice(10, 15));
      expect((await store.getFindings(scan.id, { limit: 50, internal: false })).findings.map((f) => f.url)).toEqual(['https://dead.example.invalid/', 'https://cdn.example.test/app.js']);
      expect((await store.getFindings(scan.id, { limit: 50, severity: ['warning', 'notice'] })).total).toBe(3);
      expect((await store.getFindings(scan.id, { limit: 50, status: 410 })).total).toBe(8);
      expect((await store.getFindings(scan.id, { limit: 50, error: 'DNS_NOT_FOUND' })).findings[0]?.status).toBeNull();
      expect((await store.getFindings(scan.id, { limit: 50, error: null })).total).toBe(28);
      expect((await store.getFindings(scan.id, { limit: 50, kind: ['image', 'script'] })).total).toBe(2);
      expect((await store.getFindings(scan.id, { limit: 50, category: 'redirected' })).findings[0]?.url).toBe(`${SITE}old`);
      expect((await store.getFindings(scan.id, { limit: 50, text: 'GONE/0' })).total).toBe(10);
      expect((await store.getFindings(scan.id, { limit: 50, text: '50%_' })).total).toBe(0);
      expect((await store.getFindings(scan.id, { limit: 50, text: 'server error' })).findings[0]?.url).toBe(`${SITE}img/logo.png`);
      const byUrl = await store.getFindings(scan.id, { limit: 3, sort: 'url' });
      expect(byUrl.findings.map((f) => f.url)).toEqual([...findings.map((f) => f.url)].sort().slice(0, 3));
      const byUrlDesc = await store.getFindings(scan.id, { limit: 1, sort: 'url', descending: true });
      expect(byUrlDesc.findings[0]?.url).toBe([...findings.map((f) => f.url)].sort().at(-1));
      const byCount = await store.getFindings(scan.id, { limit: 1, sort: 'occurrences' });
      expect(byCount.findings[0]?.url).toBe(`${SITE}missing`);
      const byStatus = await store.getFindings(scan.id, { limit: 1, sort: 'status', descending: true });
      expect(byStatus.findings[0]?.status).toBe(500);
      const capped = await store.getFindings(scan.id, { limit: 1, occurrenceLimit: 1 });
      expect(capped.findings[0]?.occurrences).toHaveLength(1);
      expect(capped.findings[0]?.occurrenceCount).toBe(5);
    });

    it('selects one finding by its exact URL, and the findings that were none in another scan', async () => {
      const store = await fresh();
      const { site, scan: previous } = await siteWithScan(store);
      const other = await siteWithScan(store, 'https://other.example.test/');
      await store.saveFindings(previous.id, [
        finding(`${SITE}old-broken`),
        finding(`${SITE}docs#install`, { error: 'FRAGMENT_NOT_FOUND', status: 200 }),
        finding(`${SITE}was-fine`, { severity: 'ok', category: 'ok', status: 200 }),
      ]);
      await store.saveFindings(other.scan.id, [finding(`${SITE}new-broken`)]);
      const current = await store.createScan({ siteId: site.id, options: {}, status: 'running' });
      await store.saveFindings(current.id, [
        finding(`${SITE}old-broken`),
        finding(`${SITE}new-broken`),
        finding(`${SITE}docs#install`, { error: 'FRAGMENT_NOT_FOUND', status: 200 }),
        finding(`${SITE}docs#usage`, { error: 'FRAGMENT_NOT_FOUND', status: 200 }),
        finding(`${SITE}was-fine`),
        finding(`${SITE}old-broken/deeper`),
      ]);

      const exact = await store.getFindings(current.id, { limit: 10, url: `${SITE}old-broken` });
      expect(exact.total).toBe(1);
      expect(exact.findings.map((f) => f.url)).toEqual([`${SITE}old-broken`]);
      expect((await store.getFindings(current.id, { limit: 10, url: `${SITE}docs#usage` })).findings[0]?.error).toBe('FRAGMENT_NOT_FOUND');
      expect((await store.getFindings(current.id, { limit: 10, url: `${SITE}OLD-broken` })).total).toBe(0);
      expect((await store.getFindings(current.id, { limit: 10, url: `${SITE}nowhere` })).total).toBe(0);

      const newOnes = await store.getFindings(current.id, { limit: 10, notInScan: previous.id, sort: 'url' });
      expect(newOnes.total).toBe(4);
      expect(newOnes.findings.map((f) => f.url)).toEqual([`${SITE}docs#usage`, `${SITE}new-broken`, `${SITE}old-broken/deeper`, `${SITE}was-fine`]);
      const paged = await store.getFindings(current.id, { limit: 1, offset: 1, notInScan: previous.id, sort: 'url', internal: true });
      expect(paged).toMatchObject({ total: 4, findings: [{ url: `${SITE}new-broken` }] });
      // Another site's scan, or no scan at all, rules nothing out.
      expect((await store.getFindings(current.id, { limit: 10, notInScan: other.scan.id })).total).toBe(6);
      expect((await store.getFindings(current.id, { limit: 10, notInScan: '00000000-0000-0000-0000-000000000000' })).total).toBe(6);
    });

    it('keeps the rule that suppressed a finding and filters on it', async () => {
      const store = await fresh();
      const site = await store.addSite({ url: SITE });
      const scan = await store.createScan({ siteId: site.id, options: {}, status: 'running' });
      const suppressedBy = { ruleId: 'r-1', kind: 'prefix' as const, pattern: '/old/', note: 'moved “away”' };
      await store.saveFindings(scan.id, [finding(`${SITE}old/page`, { suppressedBy }), finding(`${SITE}new-broken`)]);
      const all = await store.getFindings(scan.id, { limit: 10, sort: 'url' });
      expect(all.findings.map((f) => [f.url, f.suppressedBy])).toEqual([
        [`${SITE}new-broken`, null],
        [`${SITE}old/page`, suppressedBy],
      ]);
      expect((await store.getFindings(scan.id, { limit: 10, suppressed: false })).findings.map((f) => f.url)).toEqual([`${SITE}new-broken`]);
      expect((await store.getFindings(scan.id, { limit: 10, suppressed: true })).findings.map((f) => f.url)).toEqual([`${SITE}old/page`]);
      await store.finishScan(scan.id, { status: 'completed', summary: summaryFor([]) });
      expect((await store.getReport(scan.id)).findings.find((f) => f.url === `${SITE}old/page`)?.suppressedBy).toEqual(suppressedBy);
    });

    it('reports each URL’s outcome over the last completed scans', async () => {
      const store = await fresh();
      const site = await store.addSite({ url: SITE });
      const flaky = `${SITE}flaky`;
      const down = `${SITE}down`;
      const runs: [string, boolean][] = [['2026-01-01T00:00:00.000Z', true], ['2026-01-02T00:00:00.000Z', false], ['2026-01-03T00:00:00.000Z', true]];
      const ids: string[] = [];
      for (const [startedAt, flakyFails] of runs) {
        const scan = await store.createScan({ siteId: site.id, options: {}, status: 'running' });
        ids.push(scan.id);
        await store.checkpoint(scan.id, {
          completed: [{ url: flaky, depth: 1, plan: 'page', internal: true, kind: 'page', result: checkResult(flaky, { status: flakyFails ? 503 : 200 }) }],
        });
        await store.saveFindings(scan.id, [finding(down, { status: null, error: 'TIMEOUT' })]);
        await store.finishScan(scan.id, { status: 'completed', summary: summaryFor([], startedAt) });
        // Scans finish in order; created_at must differ for a stable newest-first order.
        await new Promise((r) => setTimeout(r, 5));
      }
      await store.createScan({ siteId: site.id, options: {}, status: 'running' }); // unfinished: ignored
      const history = await store.urlHistory(site.id, [flaky, down, `${SITE}never`], 2);
      expect(history.get(flaky)).toEqual([
        { scanId: ids[2], startedAt: expect.any(String) as string, outcome: 'failing', code: 'HTTP_503' },
        { scanId: ids[1], startedAt: expect.any(String) as string, outcome: 'ok', code: 'HTTP_200' },
      ]);
      expect(history.get(down)?.map((h) => [h.outcome, h.code])).toEqual([['failing', 'TIMEOUT'], ['failing', 'TIMEOUT']]);
      expect(history.get(`${SITE}never`)?.map((h) => h.outcome)).toEqual(['absent', 'absent']);
      expect((await store.urlHistory(site.id, [flaky], 10)).get(flaky)).toHaveLength(3);
    });

    it('stores blacklist rules, rejects broken ones and matches what it stored', async () => {
      const store = await fresh();
      const site = await store.addSite({ url: SITE });
      const exact = await store.addBlacklistRule(site.id, { kind: 'exact', pattern: `${SITE}known-broken`, note: 'ticket 12', author: 'ann' });
      const prefix = await store.addBlacklistRule(site.id, { kind: 'prefix', pattern: 'https://partner.test/', statusCodes: [403], errorCodes: ['TIMEOUT'], scope: 'external' });
      await store.addBlacklistRule(site.id, { kind: 'regex', pattern: '\\.pdf$', scope: 'internal' });
      expect(exact).toMatchObject({ siteId: site.id, scope: 'any', statusCodes: null, errorCodes: null, note: 'ticket 12', author: 'ann' });
      expect((await storeError(store.addBlacklistRule(site.id, { kind: 'regex', pattern: '(unclosed' }))).code).toBe('INVALID_INPUT');
      expect((await storeError(store.addBlacklistRule(site.id, { kind: 'prefix', pattern: '  ' }))).message).toContain('pattern');
      expect((await storeError(store.addBlacklistRule('missing', { kind: 'exact', pattern: 'x' }))).code).toBe('NOT_FOUND');
      const updated = await store.updateBlacklistRule(prefix.id, { kind: 'prefix', pattern: 'https://partner.test/', statusCodes: [403, 401], scope: 'external' });
      expect(updated.statusCodes).toEqual([401, 403]);
      const rules = await store.listBlacklistRules(site.id);
      expect(rules.map((r) => r.kind)).toEqual(['exact', 'prefix', 'regex']);
      const matcher = compileBlacklist(rules);
      expect(matcher.match({ url: 'https://partner.test/x', status: 401, error: null, internal: false })?.id).toBe(prefix.id);
      expect(matcher.match({ url: 'https://partner.test/x', status: null, error: 'TIMEOUT', internal: false })).toBeNull();
      expect(matcher.match({ url: `${SITE}a.pdf`, status: 404, error: null, internal: true })?.kind).toBe('regex');
      expect(await store.removeBlacklistRule(exact.id)).toBe(true);
      expect(await store.listBlacklistRules(site.id)).toHaveLength(2);
    });

    it('lets two writers checkpoint different scans at once while a reader reads', async () => {
      const location = await harness.freshLocation();
      const one = await openAt(location);
      const two = await openAt(location);
      const reader = await openAt(location);
      const a = await siteWithScan(one, 'https://a.test/');
      const b = await siteWithScan(two, 'https://b.test/');
      const write = async (store: Store, scanId: string, host: string): Promise<void> => {
        for (let batch = 0; batch < 15; batch += 1) {
          const urls = Array.from({ length: 40 }, (_, i) => `${host}p/${batch}/${i}`);
          await store.checkpoint(scanId, {
            completed: urls.map((url) => ({ url, depth: 1, plan: 'page' as const, internal: true, kind: 'page' as const, occurrences: [occurrence(host, batch)], result: checkResult(url) })),
            pages: urls.map((url) => ({ url, status: 200, depth: 1, title: 'T' })),
            counters: { pagesCrawled: (batch + 1) * 40 },
          });
        }
      };
      let reads = 0;
      let writing = true;
      const read = async (): Promise<void> => {
        while (writing) {
          const cp = await reader.loadCheckpoint(a.scan.id);
          expect(cp.pages.length % 40).toBe(0); // never half a batch
          reads += 1;
        }
      };
      const reading = read();
      await Promise.all([write(one, a.scan.id, 'https://a.test/'), write(two, b.scan.id, 'https://b.test/')]);
      writing = false;
      await reading;
      expect(reads).toBeGreaterThan(0);
      for (const { scan } of [a, b]) {
        const cp = await reader.loadCheckpoint(scan.id);
        expect(cp.entries).toHaveLength(600);
        expect(cp.scan.counters.pagesCrawled).toBe(600);
      }
    });
  });
}
