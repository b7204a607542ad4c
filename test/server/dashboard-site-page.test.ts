import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFinishedScan } from './dashboard-seed.js';
import { addSite, FORM, form, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

let h: Harness;
let alice: Browser;
let mallory: Browser;
let siteId: string;
let slowSiteId: string;
let scans: string[];
let slow: Server;

beforeAll(async () => {
  // Every page links to a further page and answers slowly, so a scan is still running when we press Stop.
  slow = createServer((request, response) => {
    const n = Number((request.url ?? '/').replace(/\D/g, '') || '0');
    setTimeout(() => response.end(`<html><body><a href="/p${n + 1}">next</a></body></html>`), 300);
  });
  await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
  h = await startHarness();
  alice = await signUp(h.app, 'alice@example.com');
  mallory = await signUp(h.app, 'mallory@example.com');
  siteId = await addSite(h.app, alice, 'https://alice.example/');
  scans = [];
  for (const errors of [1, 4]) scans.push(await seedFinishedScan(h.store, siteId, { error: errors, warning: 1, notice: 2 }));
  slowSiteId = await addSite(h.app, alice, `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`);
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => slow.close(resolve));
});

const get = (url: string, browser: Browser = alice) => h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });
const post = (url: string, payload: Record<string, string>, browser: Browser = alice) =>
  h.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: browser.cookie, accept: 'text/html' }, payload: form(payload) });

describe('site page history', () => {
  it('lists each scan with links to its results and exports, and charts findings', async () => {
    const body = (await get(`/sites/${siteId}`)).body;
    for (const scanId of scans) {
      expect(body).toContain(`href="/sites/${siteId}/scans/${scanId}"`);
      for (const format of ['csv', 'json', 'html']) expect(body).toContain(`href="/api/v2/scans/${scanId}/export.${format}"`);
    }
    expect(body).toMatch(/<th scope="col">Duration<\/th>/);
    expect(body).toContain('1 min 5 s');
    expect(body).toMatch(/aria-label="errors over the last 2 scans, oldest first: 1, 4; warnings[^"]*; notices[^"]*"/);
    expect((body.match(/<polyline/g) ?? []).length).toBe(3);
  });

  it('lets the signed-in owner download an export with the session cookie', async () => {
    const response = await get(`/api/v2/scans/${scans[0]}/export.json`);
    expect(response.statusCode).toBe(200);
  });

  it("answers 404 for another user's site, its history and its Stop button", async () => {
    expect((await get(`/sites/${siteId}`, mallory)).statusCode).toBe(404);
    expect((await post(`/sites/${siteId}/stop`, { _csrf: mallory.csrf }, mallory)).statusCode).toBe(404);
  });
});

describe('stopping a scan', () => {
  it('shows Stop while a scan runs, refuses it without CSRF, and stops it with CSRF', async () => {
    expect((await post(`/sites/${slowSiteId}/scan`, { _csrf: alice.csrf })).statusCode).toBe(303);
    const running = (await get(`/sites/${slowSiteId}`)).body;
    expect(running).toContain(`action="/sites/${slowSiteId}/stop"`);
    expect(running).not.toContain(`action="/sites/${slowSiteId}/scan"`);

    expect((await post(`/sites/${slowSiteId}/stop`, {})).statusCode).toBe(403);
    expect((await post(`/sites/${slowSiteId}/stop`, { _csrf: 'forged' })).statusCode).toBe(403);
    expect((await get(`/sites/${slowSiteId}`)).body).toContain(`action="/sites/${slowSiteId}/stop"`);

    const stopped = await post(`/sites/${slowSiteId}/stop`, { _csrf: alice.csrf });
    expect(stopped.statusCode).toBe(303);
    expect(stopped.headers.location).toBe(`/sites/${slowSiteId}`);
    let body = '';
    for (let i = 0; i < 100 && !body.includes(`action="/sites/${slowSiteId}/scan"`); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      body = (await get(`/sites/${slowSiteId}`)).body;
    }
    expect(body).toContain(`action="/sites/${slowSiteId}/scan"`);
    expect(body).toMatch(/<td>aborted<\/td>/);
  });
});
