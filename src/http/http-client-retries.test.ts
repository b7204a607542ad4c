import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HostGate } from './host-gate.js';
import type { HttpClient, HttpClientOptions } from './http-client.js';
import { startServer, testClient, type TestServer } from './test-server.js';

let server: TestServer;
let client: HttpClient | undefined;
/** Requests seen per path, so each route can fail its first N attempts. */
const attempts = new Map<string, number>();

beforeAll(async () => {
  server = await startServer((request, response) => {
    const path = request.url ?? '/';
    const seen = (attempts.get(path) ?? 0) + 1;
    attempts.set(path, seen);
    const flaky = /^\/flaky\/(\d+)\/(\d+)$/.exec(path);
    if (flaky !== null && seen <= Number(flaky[2])) {
      response.writeHead(Number(flaky[1]));
      response.end();
    } else if (path === '/retry-after/2') {
      response.writeHead(seen === 1 ? 503 : 200, seen === 1 ? { 'retry-after': '2' } : {});
      response.end();
    } else if (path === '/retry-after/date') {
      const at = new Date(Date.now() + 3000).toUTCString();
      response.writeHead(seen === 1 ? 429 : 200, seen === 1 ? { 'retry-after': at } : {});
      response.end();
    } else if (path === '/retry-after/hour') {
      response.writeHead(429, { 'retry-after': '3600' });
      response.end();
    } else if (path === '/always-429') {
      response.writeHead(429);
      response.end();
    } else if (path === '/reset') {
      request.socket.destroy();
    } else {
      response.end('ok');
    }
  });
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  vi.restoreAllMocks();
});

afterAll(async () => {
  await server.close();
});

interface Recording {
  client: HttpClient;
  sleeps: number[];
  pauses: [string, number][];
}

function recordingClient(overrides: Partial<HttpClientOptions> = {}): Recording {
  const sleeps: number[] = [];
  const pauses: [string, number][] = [];
  const gate: HostGate = {
    acquire: async () => () => undefined,
    pause: (host, ms) => {
      pauses.push([host, ms]);
    },
  };
  client = testClient({
    retries: 3,
    gate,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { client, sleeps, pauses };
}

describe('HttpClient retries', () => {
  it('retries a 503 and counts the retries spent', async () => {
    const { client, sleeps } = recordingClient();
    const { result } = await client.fetch({ url: `${server.url}/flaky/503/2`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 200, error: null, retries: 2 });
    expect(sleeps).toHaveLength(2);
  });

  it('gives HEAD no retries of its own and lets the GET fallback retry', async () => {
    const { client } = recordingClient();
    const { result } = await client.fetch({ url: `${server.url}/flaky/500/2`, mode: 'head-then-get', readBody: false });
    expect(result).toMatchObject({ status: 200, method: 'GET', retries: 1 });
  });

  it('backs off exponentially with full jitter up to the cap', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const { client, sleeps } = recordingClient({ retries: 5, retryBaseDelayMs: 100, retryMaxDelayMs: 500 });
    const { result } = await client.fetch({ url: `${server.url}/always-429`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 429, error: null, retries: 5 });
    expect(sleeps).toEqual([99, 199, 399, 499, 499]);
  });

  it('honours Retry-After in seconds by pausing the host and waiting', async () => {
    const { client, sleeps, pauses } = recordingClient();
    const { result } = await client.fetch({ url: `${server.url}/retry-after/2`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 200, retries: 1 });
    expect(sleeps).toEqual([2000]);
    expect(pauses).toEqual([[`127.0.0.1:${server.port}`, 2000]]);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const { client, sleeps, pauses } = recordingClient();
    const { result } = await client.fetch({ url: `${server.url}/retry-after/date`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 200, retries: 1 });
    expect(sleeps[0]).toBeGreaterThan(1000);
    expect(sleeps[0]).toBeLessThanOrEqual(3000);
    expect(pauses).toHaveLength(1);
  });

  it('gives up and reports the 429 when Retry-After exceeds the cap', async () => {
    const { client, sleeps, pauses } = recordingClient({ maxRetryAfterMs: 60_000 });
    const { result } = await client.fetch({ url: `${server.url}/retry-after/hour`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 429, error: null, retries: 0 });
    expect(sleeps).toEqual([]);
    expect(pauses).toEqual([]);
  });

  it('retries a reset connection and reports CONNECTION_RESET when it persists', async () => {
    const { client, sleeps } = recordingClient({ retries: 2 });
    const { result } = await client.fetch({ url: `${server.url}/reset`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'CONNECTION_RESET', status: null, retries: 2 });
    expect(sleeps).toHaveLength(2);
  });

  it('does not retry a 404', async () => {
    const { client, sleeps } = recordingClient();
    const { result } = await client.fetch({ url: `${server.url}/flaky/404/9`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 404, retries: 0 });
    expect(sleeps).toEqual([]);
  });
});
