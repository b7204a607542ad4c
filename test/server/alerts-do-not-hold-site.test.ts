import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppScans } from '../../src/server/routes/monitoring-routes.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, createToken, signUp, startHarness, waitForScan, type Harness } from './server-harness.js';

/**
 * Alerts go out after a scan is recorded (serve hooks them in with `onFinished`), with retries that
 * can take seconds. The site must be free for its next scan meanwhile.
 */
describe('work after a finished scan', () => {
  let h: Harness;
  let site: TestSite;
  let scans: AppScans | null = null;

  beforeAll(async () => {
    site = await startSite({ '/': page('<a href="/missing">missing</a>') });
    h = await startHarness({ onScans: (s) => (scans = s) });
  });
  afterAll(async () => {
    await h.close();
    await site.close();
  });

  it('frees the site as soon as the scan is recorded, while a slow listener (an alert) is still running', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const calls: string[] = [];
    scans?.onFinished(async (finished) => {
      calls.push(finished.scanId);
      if (calls.length === 1) await held;
    });
    const browser = await signUp(h.app, 'owner@example.com');
    const token = await createToken(h.app, browser);
    const siteId = await addSite(h.app, browser, site.url('/'));
    const auth = { authorization: `Bearer ${token}` };

    expect((await h.app.inject({ method: 'POST', url: `/api/v1/urls/${siteId}/scan`, headers: auth })).statusCode).toBeLessThan(300);
    await waitForScan(h.app, token, siteId);
    await expect.poll(() => calls.length).toBe(1);
    // The listener is still holding on, and a new scan may start at once.
    const again = await h.app.inject({ method: 'POST', url: `/api/v2/sites/${siteId}/scans`, headers: auth });
    expect(again.statusCode).toBe(202);
    release();
    await waitForScan(h.app, token, siteId);
    await expect.poll(() => calls.length).toBe(2);
  });
});
