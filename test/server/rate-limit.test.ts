import { afterEach, describe, expect, it } from 'vitest';
import { apiRateLimitFromEnv, DEFAULT_API_RATE_LIMIT } from '../../src/server/app.js';
import { addSite, createToken, signUp, startHarness, type Harness } from './server-harness.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function harness(max: number, windowMs = 60_000): Promise<Harness> {
  const h = await startHarness({ apiRateLimit: { max, windowMs } });
  harnesses.push(h);
  return h;
}

describe('the per-IP API rate limit', () => {
  it('answers 429 with Retry-After and the v1 and v2 error shapes once an address used its requests', async () => {
    const h = await harness(3);
    const browser = await signUp(h.app, 'limited@example.com');
    const token = await createToken(h.app, browser);
    const auth = { authorization: `Bearer ${token}` };
    // v1 and v2 share one budget per address: three requests, then 429 on both.
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: auth })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v2/sites', headers: auth })).statusCode).toBe(200);
    const third = await h.app.inject({ method: 'GET', url: '/api/v2/sites', headers: auth });
    expect(third.statusCode).toBe(200);
    expect(third.headers['x-ratelimit-remaining']).toBe('0');

    const v1 = await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: auth });
    expect(v1.statusCode).toBe(429);
    expect(Number(v1.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(v1.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(v1.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(v1.json() as object)).toEqual(['message']);
    expect((v1.json() as { message: string }).message).toMatch(/^Too many API requests from your address \(limit: 3 per minute\); try again in \d+ s$/);

    const v2 = await h.app.inject({ method: 'GET', url: '/api/v2/sites', headers: auth });
    expect(v2.statusCode).toBe(429);
    expect(Number(v2.headers['retry-after'])).toBeGreaterThan(0);
    expect(v2.json()).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('Too many API requests') as unknown });
    // Unknown API paths and bad tokens are counted and limited as well (no free probing).
    expect((await h.app.inject({ method: 'GET', url: '/api/v2/nothing-here' })).statusCode).toBe(429);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: { authorization: 'Bearer d404_guess' } })).statusCode).toBe(429);

    // Another address still has its own budget.
    expect((await h.app.inject({ method: 'GET', url: '/api/v2/sites', headers: auth, remoteAddress: '203.0.113.9' })).statusCode).toBe(200);
  });

  it('does not count or limit web pages and the live scan stream', async () => {
    const h = await harness(1);
    const browser = await signUp(h.app, 'pages@example.com');
    const siteId = await addSite(h.app, browser, 'https://pages.example/');
    expect((await h.app.inject({ method: 'GET', url: '/api/v2/openapi.json' })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/v2/openapi.json' })).statusCode).toBe(429);
    for (let i = 0; i < 5; i += 1) {
      const home = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: browser.cookie } });
      expect(home.statusCode).toBe(200);
      expect(home.headers['x-ratelimit-limit']).toBeUndefined();
      expect((await h.app.inject({ method: 'GET', url: '/login' })).statusCode).toBe(200);
      expect((await h.app.inject({ method: 'GET', url: `/sites/${siteId}`, headers: { cookie: browser.cookie } })).statusCode).toBe(200);
      // The stream of a scan that does not exist: a 404 from the route, never a 429.
      const stream = await h.app.inject({ method: 'GET', url: `/sites/${siteId}/scans/00000000-0000-4000-8000-000000000000/events`, headers: { cookie: browser.cookie } });
      expect(stream.statusCode).toBe(404);
    }
  });

  it('holds over a real socket and lets the address in again after the window', async () => {
    const h = await harness(2, 1000);
    const base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await fetch(`${base}/api/v1/urls`)).status);
    expect(statuses).toEqual([401, 401, 429]);
    const limited = await fetch(`${base}/api/v1/urls`);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ message: expect.stringMatching(/^Too many API requests/) as unknown });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await fetch(`${base}/api/v1/urls`)).status).toBe(401);
  });

  it('can be turned off, and reads the operator’s DISLIKE404_API_RATE_LIMIT', async () => {
    const h = await startHarness({ apiRateLimit: false });
    harnesses.push(h);
    for (let i = 0; i < 20; i += 1) expect((await h.app.inject({ method: 'GET', url: '/api/v1/urls' })).statusCode).toBe(401);
    expect(apiRateLimitFromEnv({})).toEqual(DEFAULT_API_RATE_LIMIT);
    expect(DEFAULT_API_RATE_LIMIT).toEqual({ max: 300, windowMs: 60_000 });
    expect(apiRateLimitFromEnv({ DISLIKE404_API_RATE_LIMIT: '50' })).toEqual({ max: 50, windowMs: 60_000 });
    expect(apiRateLimitFromEnv({ DISLIKE404_API_RATE_LIMIT: '0' })).toBe(false);
    expect(() => apiRateLimitFromEnv({ DISLIKE404_API_RATE_LIMIT: 'lots' })).toThrow('Expected DISLIKE404_API_RATE_LIMIT to be a whole number of requests per minute (0 = no limit), got "lots"');
  });
});
