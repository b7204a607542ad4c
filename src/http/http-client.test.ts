import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostGate } from './host-gate.js';
import type { HttpClient } from './http-client.js';
import { startServer, testClient, type Handler, type TestServer } from './test-server.js';

let server: TestServer | undefined;
let client: HttpClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function serve(handler: Handler): Promise<TestServer> {
  server = await startServer(handler);
  return server;
}

const byPath: Handler = (request, response) => {
  const status = Number(request.url?.slice(1) ?? '200');
  response.writeHead(Number.isInteger(status) && status >= 200 ? status : 200, { 'content-type': 'text/html' });
  response.end('<p>hi</p>');
};

describe('HttpClient statuses and methods', () => {
  it.each([200, 404, 500])('reports a plain %i as the status with no error', async (status) => {
    const { url } = await serve(byPath);
    client = testClient();
    const { result } = await client.fetch({ url: `${url}/${status}`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status, error: null, method: 'GET', finalUrl: `${url}/${status}`, retries: 0 });
    expect(result.contentType).toBe('text/html');
  });

  it('answers from HEAD alone when HEAD succeeds', async () => {
    const { url, requests } = await serve(byPath);
    client = testClient();
    const { result, body } = await client.fetch({ url: `${url}/200`, mode: 'head-then-get', readBody: false });
    expect(result).toMatchObject({ status: 200, method: 'HEAD' });
    expect(body).toBeNull();
    expect(requests).toEqual(['HEAD /200']);
  });

  it('falls back to GET when HEAD answers 405', async () => {
    const { url, requests } = await serve((request, response) => {
      response.writeHead(request.method === 'HEAD' ? 405 : 200);
      response.end();
    });
    client = testClient();
    const { result } = await client.fetch({ url: `${url}/page`, mode: 'head-then-get', readBody: false });
    expect(result).toMatchObject({ status: 200, method: 'GET', error: null });
    expect(requests).toEqual(['HEAD /page', 'GET /page']);
  });

  it('falls back to GET when HEAD never answers', async () => {
    const { url } = await serve((request, response) => {
      if (request.method === 'HEAD') return;
      response.end('ok');
    });
    client = testClient({ timeoutMs: 300 });
    const { result } = await client.fetch({ url: `${url}/slow-head`, mode: 'head-then-get', readBody: false });
    expect(result).toMatchObject({ status: 200, method: 'GET', error: null });
  });

  it('uses GET after a good HEAD when the content type asks for the body', async () => {
    const { url, requests } = await serve(byPath);
    client = testClient();
    const readBody = (contentType: string | null): boolean => contentType === 'text/html';
    const { result, body } = await client.fetch({ url: `${url}/200`, mode: 'head-then-get', readBody });
    expect(result.method).toBe('GET');
    expect(body?.toString()).toBe('<p>hi</p>');
    expect(requests).toEqual(['HEAD /200', 'GET /200']);
  });

  it('sends the user agent, accept headers and extra headers', async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const { url } = await serve((request, response) => {
      seen = request.headers;
      response.end();
    });
    client = testClient({ headers: { 'X-Token': 'secret' } });
    await client.fetch({ url, mode: 'get', readBody: false });
    expect(seen).toMatchObject({
      'user-agent': 'dislike404-test',
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
      'accept-encoding': 'gzip, deflate, br',
      'x-token': 'secret',
    });
  });

  it('returns final headers lowercased with repeated values joined', async () => {
    const { url } = await serve((_request, response) => {
      response.setHeader('Set-Cookie', ['a=1', 'b=2']);
      response.setHeader('X-Thing', 'yes');
      response.end();
    });
    client = testClient();
    const { headers } = await client.fetch({ url, mode: 'get', readBody: false });
    expect(headers['set-cookie']).toBe('a=1, b=2');
    expect(headers['x-thing']).toBe('yes');
  });

  it('drains small bodies so one keep-alive connection serves sequential requests', async () => {
    const { url, connections } = await serve(byPath);
    client = testClient({ connectionsPerOrigin: 1 });
    for (let index = 0; index < 20; index++) {
      await client.fetch({ url: `${url}/200`, mode: index % 2 === 0 ? 'get' : 'head-then-get', readBody: false });
    }
    expect(connections()).toBe(1);
  });

  it('keeps the connection after HEADs that announce a large Content-Length', async () => {
    const { url, connections } = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(50 * 1024 * 1024) });
      response.end();
    });
    client = testClient({ connectionsPerOrigin: 1 });
    for (let index = 0; index < 5; index++) {
      const { result } = await client.fetch({ url, mode: 'head-then-get', readBody: false });
      expect(result).toMatchObject({ status: 200, method: 'HEAD', error: null });
    }
    expect(connections()).toBe(1);
  });

  it('skips informational 1xx heads and answers with the final one', async () => {
    const { url } = await serve((_request, response) => {
      response.writeProcessing();
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<p>done</p>');
    });
    client = testClient();
    const { result, body } = await client.fetch({ url, mode: 'get', readBody: true });
    expect(result).toMatchObject({ status: 200, error: null });
    expect(body?.toString()).toBe('<p>done</p>');
  });

  it('times out a request still queued behind a busy connection', async () => {
    const { url } = await serve(() => undefined);
    client = testClient({ connectionsPerOrigin: 1, timeoutMs: 300 });
    const started = Date.now();
    const outcomes = await Promise.all([
      client.fetch({ url: `${url}/a`, mode: 'get', readBody: false }),
      client.fetch({ url: `${url}/b`, mode: 'get', readBody: false }),
    ]);
    expect(outcomes.map(({ result }) => result.error)).toEqual(['TIMEOUT', 'TIMEOUT']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not download a huge body it was told not to read', async () => {
    let written = 0;
    const { url } = await serve((_request, response) => {
      const chunk = Buffer.alloc(64 * 1024, 97);
      const pump = (): void => {
        while (!response.destroyed && written < 1024 ** 3) {
          written += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    client = testClient();
    const { result, body } = await client.fetch({ url, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 200, error: null });
    expect(body).toBeNull();
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('HttpClient against a server that sends a body after HEAD', () => {
  it('still answers HEAD and later GETs correctly on kept-alive connections', async () => {
    const raw = net.createServer((socket) => {
      let buffered = '';
      socket.on('error', () => undefined);
      socket.on('data', (data: Buffer) => {
        buffered += data.toString('latin1');
        for (let end = buffered.indexOf('\r\n\r\n'); end >= 0; end = buffered.indexOf('\r\n\r\n')) {
          buffered = buffered.slice(end + 4);
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello');
        }
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/`;
    client = testClient({ connectionsPerOrigin: 1 });
    try {
      for (const mode of ['head-then-get', 'get', 'head-then-get', 'get'] as const) {
        const { result, body } = await client.fetch({ url, mode, readBody: mode === 'get' });
        expect(result).toMatchObject({ status: 200, error: null });
        if (mode === 'get') expect(body?.toString()).toBe('hello');
      }
    } finally {
      raw.close();
    }
  });
});

describe('HttpClient requests it refuses to make', () => {
  it('reports URL_TOO_LONG without a request', async () => {
    const { url, requests } = await serve(byPath);
    client = testClient({ maxUrlLength: 40 });
    const { result } = await client.fetch({ url: `${url}/${'a'.repeat(50)}`, mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'URL_TOO_LONG', status: null, method: null });
    expect(requests).toEqual([]);
  });

  it('reports UNSUPPORTED_SCHEME for a non-http URL without a request', async () => {
    client = testClient();
    const { result } = await client.fetch({ url: 'ftp://files.invalid/a.txt', mode: 'get', readBody: false });
    expect(result).toMatchObject({ error: 'UNSUPPORTED_SCHEME', status: null, method: null });
  });
});

describe('HttpClient gate and abort', () => {
  it('takes a gate slot for every hop and releases each one', async () => {
    const { url, port } = await serve((request, response) => {
      if (request.url === '/a') response.writeHead(301, { location: '/b' });
      else if (request.url === '/b') response.writeHead(302, { location: '/c' });
      response.end();
    });
    const acquired: string[] = [];
    let held = 0;
    const gate: HostGate = {
      acquire: async (host) => {
        acquired.push(host);
        held++;
        return () => {
          held--;
        };
      },
      pause: () => undefined,
    };
    client = testClient({ gate });
    const { result } = await client.fetch({ url: `${url}/a`, mode: 'get', readBody: false });
    expect(result.status).toBe(200);
    expect(acquired).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`, `127.0.0.1:${port}`]);
    expect(held).toBe(0);
  });

  it('returns promptly when the scan signal aborts an in-flight request', async () => {
    const { url } = await serve(() => undefined);
    client = testClient({ timeoutMs: 10_000, retries: 3 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const { result } = await client.fetch({ url, mode: 'head-then-get', readBody: false, signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result.error).toBe('TIMEOUT');
    expect(result.retries).toBe(0);
  });
});
