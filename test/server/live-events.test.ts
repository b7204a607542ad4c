import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanEventsHub } from '../../src/server/scan-events-hub.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, FORM, form, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

let h: Harness;
let site: TestSite;
let base: string;
let alice: Browser;

/** A slow site, so the scan runs long enough to report progress. */
beforeAll(async () => {
  const links = Array.from({ length: 12 }, (_, i) => `<a href="/p${i}">page ${i}</a>`).join('\n');
  site = await startSite({
    '/': page(links),
    '*': (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page('<a href="/">home</a> <a href="/missing">gone</a>'));
      }, 120);
    },
    '/missing': { status: 404, body: 'nope' },
  });
  h = await startHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  alice = await signUp(h.app, 'alice@example.com');
});
afterAll(async () => {
  await h.close();
  await site.close();
});

async function readEvents(url: string, cookie: string): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' } });
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const events: { event: string; data: Record<string, unknown> }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body ?? []) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
    }
  }
  return events;
}

describe('live progress over Server-Sent Events', () => {
  it('streams progress while a scan of a local site runs, then done, then closes', async () => {
    const siteId = await addSite(h.app, alice, `${site.origin}/`);
    const started = await h.app.inject({ method: 'POST', url: `/sites/${siteId}/scan`, headers: { ...FORM, cookie: alice.cookie }, payload: form({ _csrf: alice.csrf }) });
    expect(started.statusCode).toBe(303);
    const scanId = (await h.store.listScans(siteId))[0]?.id ?? '';

    const results = await h.app.inject({ method: 'GET', url: `/sites/${siteId}/scans/${scanId}`, headers: { cookie: alice.cookie } });
    expect(results.body).toContain(`data-events="/sites/${siteId}/scans/${scanId}/events"`);
    expect(results.body).toContain('<script src="/assets/live.js" defer></script>');
    expect(results.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; script-src 'self'; connect-src 'self'");

    const events = await readEvents(`${base}/sites/${siteId}/scans/${scanId}/events`, alice.cookie);
    const progress = events.filter((e) => e.event === 'progress');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)?.data).toEqual({ pagesCrawled: expect.any(Number), urlsChecked: expect.any(Number), errors: expect.any(Number), ratePerSecond: expect.any(Number) });
    expect(events.at(-1)?.event).toBe('done');
    expect(events.at(-1)?.data).toMatchObject({ status: 'completed', pagesCrawled: 13, errors: 1 });
  });

  it('answers a finished scan with done at once', async () => {
    const siteId = (await h.store.listSites())[0]?.id ?? '';
    const scanId = (await h.store.listScans(siteId))[0]?.id ?? '';
    const response = await h.app.inject({ method: 'GET', url: `/sites/${siteId}/scans/${scanId}/events`, headers: { cookie: alice.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/^retry: 5000\n\nevent: done\ndata: \{"status":"completed"/);
  });

  it('serves the live script as a static file', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/assets/live.js' });
    expect(response.headers['content-type']).toContain('text/javascript');
    expect(response.body).toContain('EventSource');
    expect(response.body).not.toContain('innerHTML');
  });
});

describe('ScanEventsHub', () => {
  it('delivers to subscribers and forgets a scan once nobody listens', () => {
    const hub = new ScanEventsHub();
    const seen: string[] = [];
    const off = hub.subscribe('s1', (e) => seen.push(e.type));
    hub.publish('s1', { type: 'done' });
    hub.publish('s2', { type: 'done' });
    off();
    hub.publish('s1', { type: 'done' });
    expect(seen).toEqual(['done']);
    expect(hub.subscriberCount()).toBe(0);
  });
});
