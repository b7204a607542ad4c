import Fastify, { type HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/server/app-context.js';
import type { AppOptions } from '../../src/server/app.js';
import { registerApiV2Routes } from '../../src/server/routes/api-v2-routes.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { createToken, signUp, startHarness, type Harness } from './server-harness.js';

let h: Harness;
let site: TestSite;
let alice: { token: string; site: string; scan: string; rule: string; channel: string };
let mallory: { token: string; site: string; scan: string };

async function v2(method: HTTPMethods, url: string, token: string, payload?: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await h.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
  return { status: response.statusCode, body: response.body === '' ? {} : (response.json() as Record<string, unknown>) };
}

async function setUpUser(email: string): Promise<{ token: string; site: string; scan: string }> {
  const token = await createToken(h.app, await signUp(h.app, email));
  const siteId = String((await v2('POST', '/api/v2/sites', token, { url: site.url(`/${email}`) })).body.id);
  const scan = await h.store.createScan({ siteId, options: {} });
  return { token, site: siteId, scan: scan.id };
}

beforeAll(async () => {
  h = await startHarness();
  site = await startSite({ '*': page('hello') });
  const a = await setUpUser('alice@example.com');
  const rule = await v2('POST', `/api/v2/sites/${a.site}/blacklist`, a.token, { kind: 'exact', pattern: 'https://x.example/' });
  const channel = await v2('POST', `/api/v2/sites/${a.site}/channels`, a.token, { kind: 'email', to: ['alice@example.com'] });
  alice = { ...a, rule: String(rule.body.id), channel: String(channel.body.id) };
  mallory = await setUpUser('mallory@example.com');
});
afterAll(async () => {
  await h.close();
  await site.close();
});

describe('/api/v2 tenant isolation', () => {
  const routes: [HTTPMethods, string, Record<string, unknown>?][] = [
    ['GET', '/api/v2/sites/:site'],
    ['PATCH', '/api/v2/sites/:site', { maxDepth: 1 }],
    ['DELETE', '/api/v2/sites/:site'],
    ['POST', '/api/v2/sites/:site/scans'],
    ['GET', '/api/v2/sites/:site/scans'],
    ['GET', '/api/v2/scans/:scan'],
    ['POST', '/api/v2/scans/:scan/stop'],
    ['GET', '/api/v2/scans/:scan/findings'],
    ['GET', '/api/v2/scans/:scan/diff'],
    ['GET', '/api/v2/scans/:scan/export.csv'],
    ['GET', '/api/v2/scans/:scan/export.json'],
    ['GET', '/api/v2/scans/:scan/export.html'],
    ['GET', '/api/v2/sites/:site/blacklist'],
    ['POST', '/api/v2/sites/:site/blacklist', { kind: 'exact', pattern: 'https://y.example/' }],
    ['DELETE', '/api/v2/sites/:site/blacklist/:rule'],
    ['GET', '/api/v2/sites/:site/schedule'],
    ['PUT', '/api/v2/sites/:site/schedule', { kind: 'daily', at: '06:00' }],
    ['DELETE', '/api/v2/sites/:site/schedule'],
    ['GET', '/api/v2/sites/:site/channels'],
    ['POST', '/api/v2/sites/:site/channels', { kind: 'email', to: ['mallory@example.com'] }],
    ['DELETE', '/api/v2/sites/:site/channels/:channel'],
    ['POST', '/api/v2/sites/:site/channels/:channel/test'],
    ['GET', '/api/v2/sites/:site/deliveries'],
  ];
  it.each(routes)('%s %s with another user’s ids answers 404', async (method, path, payload) => {
    const url = path.replace(':site', alice.site).replace(':scan', alice.scan).replace(':rule', alice.rule).replace(':channel', alice.channel);
    const response = await v2(method, url, mallory.token, payload);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('answers 404 for another user’s rule under one’s own site and another user’s scan as `against`', async () => {
    expect((await v2('DELETE', `/api/v2/sites/${mallory.site}/blacklist/${alice.rule}`, mallory.token)).status).toBe(404);
    expect((await v2('GET', `/api/v2/scans/${mallory.scan}/diff?against=${alice.scan}`, mallory.token)).status).toBe(404);
    expect((await v2('DELETE', `/api/v2/sites/${mallory.site}/channels/${alice.channel}`, mallory.token)).status).toBe(404);
    expect((await v2('POST', `/api/v2/sites/${mallory.site}/channels/${alice.channel}/test`, mallory.token)).status).toBe(404);
  });

  it('lists only the caller’s sites and leaves the other user’s data untouched', async () => {
    const list = await v2('GET', '/api/v2/sites', mallory.token);
    expect((list.body.data as { id: string }[]).map((s) => s.id)).toEqual([mallory.site]);
    expect(await h.store.getSite(alice.site)).not.toBeNull();
    expect((await h.store.listBlacklistRules(alice.site)).map((r) => r.id)).toEqual([alice.rule]);
    expect((await h.store.listScans(alice.site)).map((s) => s.id)).toEqual([alice.scan]);
    const aliceChannels = await v2('GET', `/api/v2/sites/${alice.site}/channels`, alice.token);
    expect((aliceChannels.body.data as { id: string; to: string[] }[]).map((c) => [c.id, c.to])).toEqual([[alice.channel, ['alice@example.com']]]);
    expect((await v2('GET', `/api/v2/sites/${alice.site}/schedule`, alice.token)).body.schedule).toEqual({ kind: 'off' });
  });
});

describe('/api/v2 OpenAPI document', () => {
  it('is OpenAPI 3.1 with security schemes and the error shape, served publicly', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/v2/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = JSON.parse(response.body) as { openapi: string; components: { securitySchemes: object; schemas: { Error: { required: string[] } } } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['bearerAuth', 'sessionCookie']);
    expect(doc.components.schemas.Error.required).toEqual(['code', 'message']);
  });

  it('describes exactly the routes registered under /api/v2', async () => {
    const registered: string[] = [];
    const probe = Fastify();
    probe.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') registered.push(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    });
    // Registration only stores handlers; none runs here, so no context is needed.
    registerApiV2Routes(probe, {} as AppContext, {} as AppOptions);
    await probe.ready();
    const doc = (await h.app.inject({ method: 'GET', url: '/api/v2/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(registered.sort());
    for (const entry of registered) {
      const [method, url] = entry.split(' ') as [HTTPMethods, string];
      expect(h.app.hasRoute({ method, url: url.replace(/\{(\w+)\}/g, ':$1') }), entry).toBe(true);
    }
    await probe.close();
  });

  it('serves a self-contained docs page listing every operation', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/api/v2/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).not.toMatch(/<script|https?:\/\/(?!127)/);
    expect(response.body).toContain('GET /api/v2/scans/{id}/findings');
    expect(response.body).toContain('DELETE /api/v2/sites/{id}/blacklist/{ruleId}');
  });
});
