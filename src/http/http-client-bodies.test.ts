import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from './http-client.js';
import { startServer, testClient, type TestServer } from './test-server.js';

const PAGE = Buffer.from('<html><body>' + 'hello body '.repeat(500) + '</body></html>');
const MAX_BODY = 256 * 1024;
/** One gzip member of 64 MiB of zeros (~64 KiB compressed); repeated members make an endless bomb. */
const BOMB_MEMBER = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });

/** Node >= 22.15 only; @types/node 20 does not declare it. */
const zstdCompressSync = (zlib as unknown as { zstdCompressSync?: (data: Buffer) => Buffer }).zstdCompressSync;

let server: TestServer;
let client: HttpClient;
let bombBytesSent = 0;

function sendEncoded(response: import('node:http').ServerResponse, encoding: string, data: Buffer): void {
  response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': encoding });
  response.end(data);
}

/** Writes `chunk` forever, honouring backpressure, until the client goes away. */
function stream(response: import('node:http').ServerResponse, chunk: Buffer, onWrite?: () => void): void {
  const pump = (): void => {
    while (!response.destroyed) {
      onWrite?.();
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

beforeAll(async () => {
  server = await startServer((request, response) => {
    switch (request.url) {
      case '/gzip':
        return sendEncoded(response, 'gzip', zlib.gzipSync(PAGE));
      case '/x-gzip':
        return sendEncoded(response, 'x-gzip', zlib.gzipSync(PAGE));
      case '/deflate-zlib':
        return sendEncoded(response, 'deflate', zlib.deflateSync(PAGE));
      case '/deflate-raw':
        return sendEncoded(response, 'deflate', zlib.deflateRawSync(PAGE));
      case '/br':
        return sendEncoded(response, 'br', zlib.brotliCompressSync(PAGE));
      case '/zstd':
        return sendEncoded(response, 'zstd', zstdCompressSync === undefined ? PAGE : zstdCompressSync(PAGE));
      case '/unknown':
        return sendEncoded(response, 'x-mystery', PAGE);
      case '/corrupt-gzip':
        return sendEncoded(response, 'gzip', Buffer.from('this is not gzip at all, not even close'));
      case '/truncated-gzip': {
        const full = zlib.gzipSync(PAGE);
        return sendEncoded(response, 'gzip', full.subarray(0, full.length - 8));
      }
      case '/empty-gzip':
        return sendEncoded(response, 'gzip', Buffer.alloc(0));
      case '/bomb':
        response.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        return stream(response, BOMB_MEMBER, () => {
          bombBytesSent += BOMB_MEMBER.length;
        });
      case '/huge':
        response.writeHead(200, { 'content-type': 'text/html' });
        return stream(response, Buffer.alloc(64 * 1024, 120));
      case '/image':
        response.writeHead(200, { 'content-type': 'image/png' });
        return response.end(Buffer.alloc(1000));
      default:
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end(PAGE);
    }
  });
  client = testClient({ maxBodyBytes: MAX_BODY });
});

afterAll(async () => {
  await client.close();
  await server.close();
});

async function get(path: string): ReturnType<HttpClient['fetch']> {
  return client.fetch({ url: `${server.url}${path}`, mode: 'get', readBody: true });
}

describe('HttpClient bodies', () => {
  it.each(['/plain', '/gzip', '/x-gzip', '/deflate-zlib', '/deflate-raw', '/br'])('decodes %s', async (path) => {
    const { result, body, bodyTruncated } = await get(path);
    expect(result).toMatchObject({ status: 200, error: null });
    expect(bodyTruncated).toBe(false);
    expect(body?.equals(PAGE)).toBe(true);
  });

  // Node 20 has no zstd in zlib (added in 22.15/23.8): there this test skips; on Node 22+ it runs.
  it.skipIf(zstdCompressSync === undefined)('decodes zstd where node supports it', async () => {
    const { result, body } = await get('/zstd');
    expect(result.error).toBeNull();
    expect(body?.equals(PAGE)).toBe(true);
  });

  it('returns raw bytes for an unknown content-encoding', async () => {
    const { result, body } = await get('/unknown');
    expect(result.error).toBeNull();
    expect(body?.equals(PAGE)).toBe(true);
  });

  it('reports DECODING_FAILED for corrupt gzip, keeping the status', async () => {
    const { result, body } = await get('/corrupt-gzip');
    expect(result).toMatchObject({ status: 200, error: 'DECODING_FAILED' });
    expect(body).toBeNull();
  });

  it('keeps what a gzip stream cut short still decodes to', async () => {
    const { result, body } = await get('/truncated-gzip');
    expect(result.error).toBeNull();
    expect(body?.equals(PAGE)).toBe(true);
  });

  it('treats an empty gzip body as empty, not corrupt', async () => {
    const { result, body } = await get('/empty-gzip');
    expect(result.error).toBeNull();
    expect(body?.length).toBe(0);
  });

  it('caps a gzip bomb at maxBodyBytes after decompression', async () => {
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const { result, body, bodyTruncated } = await get('/bomb');
    const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    expect(result).toMatchObject({ status: 200, error: 'BODY_TOO_LARGE' });
    expect(bodyTruncated).toBe(true);
    expect(body?.length).toBe(MAX_BODY);
    // The server never stops on its own, so returning at all means we cut the connection; a single
    // member already inflates to 64 MiB, so a small memory delta means decoding stopped at the cap.
    expect(bombBytesSent).toBeGreaterThan(0);
    expect(heapAfter - heapBefore).toBeLessThan(32 * 1024 * 1024);
  });

  it('truncates a huge plain body at maxBodyBytes', async () => {
    const { result, body, bodyTruncated } = await get('/huge');
    expect(result).toMatchObject({ status: 200, error: 'BODY_TOO_LARGE' });
    expect(bodyTruncated).toBe(true);
    expect(body?.length).toBe(MAX_BODY);
  });

  it('decides from the content type whether to read the body', async () => {
    const readBody = (contentType: string | null): boolean => contentType?.startsWith('text/html') === true;
    const page = await client.fetch({ url: `${server.url}/plain`, mode: 'get', readBody });
    const image = await client.fetch({ url: `${server.url}/image`, mode: 'get', readBody });
    expect(page.body?.equals(PAGE)).toBe(true);
    expect(image.body).toBeNull();
    expect(image.result).toMatchObject({ status: 200, contentType: 'image/png' });
  });
});
