import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from './http-client.js';
import { startServer, testClient, type TestServer } from './test-server.js';

let server: TestServer;
let client: HttpClient;

/** Named redirect routes, in the spirit of undici's redirecting-servers. */
const ROUTES: Record<string, { status: number; location?: string }> = {
  '/chain/1': { status: 301, location: '/chain/2' },
  '/chain/2': { status: 302, location: '/chain/3#frag' },
  '/chain/3': { status: 307, location: 'final' },
  '/loop/a': { status: 302, location: '/loop/b' },
  '/loop/b': { status: 302, location: '/loop/a' },
  '/no-location': { status: 302 },
  '/bad-location': { status: 301, location: 'http://[broken' },
  '/to-ftp': { status: 301, location: 'ftp://files.invalid/a.txt' },
  '/to-missing': { status: 308, location: '/missing' },
};

beforeAll(async () => {
  server = await startServer((request, response) => {
    const path = request.url ?? '/';
    const route = ROUTES[path];
    const endless = /^\/endless\/(\d+)$/.exec(path);
    if (route !== undefined) {
      response.writeHead(route.status, route.location === undefined ? {} : { location: route.location });
      response.end('moved');
    } else if (endless !== null) {
      response.writeHead(302, { location: `/endless/${Number(endless[1]) + 1}` });
      response.end();
    } else if (path === '/missing') {
      response.writeHead(404);
      response.end();
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('landed');
    }
  });
  client = testClient({ maxRedirects: 3 });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

describe('HttpClient redirects', () => {
  it('follows a chain and records every hop with absolute locations', async () => {
    const { result, body } = await client.fetch({ url: `${server.url}/chain/1`, mode: 'get', readBody: true });
    expect(result).toMatchObject({ status: 200, error: null, finalUrl: `${server.url}/chain/final` });
    expect(result.redirects).toEqual([
      { url: `${server.url}/chain/1`, status: 301, location: `${server.url}/chain/2` },
      { url: `${server.url}/chain/2`, status: 302, location: `${server.url}/chain/3#frag` },
      { url: `${server.url}/chain/3`, status: 307, location: `${server.url}/chain/final` },
    ]);
    expect(body?.toString()).toBe('landed');
  });

  it('follows redirects with HEAD too', async () => {
    const { result } = await client.fetch({ url: `${server.url}/chain/1`, mode: 'head-then-get', readBody: false });
    expect(result).toMatchObject({ status: 200, method: 'HEAD', finalUrl: `${server.url}/chain/final` });
    expect(result.redirects).toHaveLength(3);
  });

  it('reports the final status of a redirect to a missing page', async () => {
    const { result } = await client.fetch({ url: `${server.url}/to-missing`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 404, error: null, finalUrl: `${server.url}/missing` });
  });

  it('stops a loop with REDIRECT_LOOP', async () => {
    const { result } = await client.fetch({ url: `${server.url}/loop/a`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'REDIRECT_LOOP', status: 302 });
    expect(result.redirects.map((hop) => hop.url)).toEqual([`${server.url}/loop/a`, `${server.url}/loop/b`]);
  });

  it('stops after maxRedirects with TOO_MANY_REDIRECTS', async () => {
    const { result } = await client.fetch({ url: `${server.url}/endless/0`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'TOO_MANY_REDIRECTS', status: 302, finalUrl: `${server.url}/endless/3` });
    expect(result.redirects).toHaveLength(4);
  });

  it('reports REDIRECT_INVALID for a 3xx without Location, keeping the status', async () => {
    const { result } = await client.fetch({ url: `${server.url}/no-location`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'REDIRECT_INVALID', status: 302 });
    expect(result.redirects).toEqual([{ url: `${server.url}/no-location`, status: 302, location: null }]);
  });

  it('reports REDIRECT_INVALID for an unparsable Location', async () => {
    const { result } = await client.fetch({ url: `${server.url}/bad-location`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'REDIRECT_INVALID', status: 301 });
  });

  it('reports UNSUPPORTED_SCHEME for a redirect to ftp:', async () => {
    const { result } = await client.fetch({ url: `${server.url}/to-ftp`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'UNSUPPORTED_SCHEME', status: 301 });
    expect(result.redirects[0]?.location).toBe('ftp://files.invalid/a.txt');
  });
});
