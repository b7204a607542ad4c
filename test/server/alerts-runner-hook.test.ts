import { afterEach, expect, it } from 'vitest';
import type { AppScans } from '../../src/server/routes/monitoring-routes.js';
import type { FinishedScan } from '../../src/server/scan-runner.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, FORM, form, signUp, startHarness, type Harness } from './server-harness.js';

let h: Harness | undefined;
let site: TestSite | undefined;
afterEach(async () => {
  await h?.close();
  await site?.close();
});

it('hands serve the app’s scans: scheduled runs obey the tier cap outside the quota, and every finished scan is reported for alerts', async () => {
  site = await startSite({ '/': page('<a href="/a">A</a> <a href="/b">B</a>'), '/a': page('<a href="/b">B</a>'), '/b': page('<a href="/missing">M</a>') });
  let scans: AppScans | undefined;
  h = await startHarness({ quotas: { unverified: { maxPages: 2, scansPerDay: 1 } }, onScans: (s) => (scans = s) });
  if (scans === undefined) throw new Error('onScans was not called');
  const finished: FinishedScan[] = [];
  scans.onFinished((f) => void finished.push(f));
  const owner = await signUp(h.app, 'owner@example.com');
  const siteId = await addSite(h.app, owner, site.url('/'));

  const scheduled = await scans.runScheduled((await h.store.getSite(siteId))!);
  expect(scheduled).toMatchObject({ trigger: 'schedule', status: 'completed', failure: null });
  expect(scheduled?.report?.summary.pagesCrawled).toBe(2);
  expect(await h.accounts.countScanRequests(siteId, new Date(0).toISOString())).toBe(0);

  // The one on-demand scan of the day is still available, and it is reported too.
  const started = await h.app.inject({ method: 'POST', url: `/sites/${siteId}/scan`, headers: { ...FORM, cookie: owner.cookie }, payload: form({ _csrf: owner.csrf }) });
  expect(started.statusCode).toBe(303);
  for (let i = 0; i < 200 && finished.length < 2; i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(finished.map((f) => [f.trigger, f.status, f.site.id])).toEqual([
    ['schedule', 'completed', siteId],
    ['on-demand', 'completed', siteId],
  ]);
  expect(finished[1]?.report).not.toBeNull();
});
