import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LookupFunction } from 'node:net';
import type { HttpClient } from './http-client.js';
import { closedPort, startServer, tableLookup, testClient, type TestServer } from './test-server.js';

let server: TestServer;
let client: HttpClient | undefined;
const timers = new Set<ReturnType<typeof setInterval>>();

beforeAll(async () => {
  server = await startServer((request, response) => {
    if (request.url === '/drip-body') {
      response.writeHead(200, { 'content-length': '1000', 'content-type': 'text/html' });
      const timer = setInterval(() => response.write('x'), 100);
      timers.add(timer);
      response.on('close', () => clearInterval(timer));
    } else if (request.url === '/drip-headers') {
      // Below the HTTP layer: headers that never finish, one line at a time.
      const socket = request.socket;
      socket.write('HTTP/1.1 200 OK\r\n');
      const timer = setInterval(() => socket.write('x-drip: 1\r\n'), 100);
      timers.add(timer);
      socket.on('close', () => clearInterval(timer));
    } else if (request.url === '/garbage') {
      request.socket.end('THIS IS NOT HTTP\r\n\r\n');
    } else {
      response.end('ok');
    }
  });
});

afterEach(async () => {
  await client?.close();
  client = undefined;
});

afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  await server.close();
});

describe('HttpClient network failures', () => {
  it('resolves names through the injected lookup', async () => {
    client = testClient({ lookup: tableLookup({ 'site.invalid': '127.0.0.1' }) });
    const { result } = await client.fetch({ url: `http://site.invalid:${server.port}/`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 200, error: null });
  });

  it('reports DNS_NOT_FOUND without retrying or falling back to GET', async () => {
    let lookups = 0;
    const table = tableLookup({});
    const counting: LookupFunction = (hostname, options, callback) => {
      lookups++;
      table(hostname, options, callback);
    };
    client = testClient({ lookup: counting, retries: 3 });
    const { result } = await client.fetch({ url: 'http://nope.invalid/', mode: 'head-then-get', readBody: false });
    expect(result).toMatchObject({ error: 'DNS_NOT_FOUND', status: null, retries: 0, method: 'HEAD' });
    expect(result.errorDetail).toContain('ENOTFOUND');
    expect(lookups).toBe(1);
  });

  it('retries a DNS_TIMEOUT', async () => {
    client = testClient({ lookup: tableLookup({}, 'EAI_AGAIN'), retries: 2 });
    const { result } = await client.fetch({ url: 'http://slow-dns.invalid/', mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'DNS_TIMEOUT', retries: 2 });
  });

  it('reports CONNECTION_REFUSED for a closed port', async () => {
    const port = await closedPort();
    client = testClient();
    const { result } = await client.fetch({ url: `http://127.0.0.1:${port}/`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'CONNECTION_REFUSED', status: null });
  });

  it('reports TIMEOUT when connecting takes longer than connectTimeoutMs', async () => {
    const neverAnswers: LookupFunction = () => undefined;
    client = testClient({ lookup: neverAnswers, connectTimeoutMs: 200, timeoutMs: 5000 });
    const started = Date.now();
    const { result } = await client.fetch({ url: 'http://blackhole.invalid/', mode: 'get', readBody: false });
    expect(result.error).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('reports PROTOCOL_ERROR for a response that is not HTTP', async () => {
    client = testClient();
    const { result } = await client.fetch({ url: `${server.url}/garbage`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'PROTOCOL_ERROR', status: null });
  });

  it('hits the total deadline on a server that drips the body', async () => {
    client = testClient({ timeoutMs: 500 });
    const started = Date.now();
    const { result, body } = await client.fetch({ url: `${server.url}/drip-body`, mode: 'get', readBody: true });
    expect(result).toMatchObject({ error: 'TIMEOUT', status: 200 });
    expect(body).toBeNull();
    expect(Date.now() - started).toBeLessThan(1200);
  });

  it('hits the total deadline on a server that drips the headers', async () => {
    client = testClient({ timeoutMs: 500 });
    const started = Date.now();
    const { result } = await client.fetch({ url: `${server.url}/drip-headers`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'TIMEOUT', status: null });
    expect(Date.now() - started).toBeLessThan(1200);
  });
});
