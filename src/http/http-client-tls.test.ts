import { generate } from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from './http-client.js';
import { startServer, tableLookup, testClient, type TestServer, type TlsMaterial } from './test-server.js';

const HOST = 'secure.invalid';
const DAY_MS = 24 * 60 * 60 * 1000;

async function certificate(name: string, validFrom?: Date, validTo?: Date): Promise<TlsMaterial> {
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...(validFrom === undefined ? {} : { notBeforeDate: validFrom }),
    ...(validTo === undefined ? {} : { notAfterDate: validTo }),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: name }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

interface Site {
  server: TestServer;
  material: TlsMaterial;
  url: string;
}

let valid: Site;
let expired: Site;
let otherName: Site;
let client: HttpClient | undefined;

async function site(material: TlsMaterial): Promise<Site> {
  const server = await startServer((_request, response) => response.end('secret'), material);
  return { server, material, url: `https://${HOST}:${server.port}/` };
}

beforeAll(async () => {
  const now = Date.now();
  valid = await site(await certificate(HOST));
  expired = await site(await certificate(HOST, new Date(now - 400 * DAY_MS), new Date(now - 35 * DAY_MS)));
  otherName = await site(await certificate('other.invalid'));
});

afterEach(async () => {
  await client?.close();
  client = undefined;
});

afterAll(async () => {
  await Promise.all([valid.server.close(), expired.server.close(), otherName.server.close()]);
});

function tlsClient(options: { ca?: string[]; insecure?: boolean } = {}): HttpClient {
  client = testClient({ lookup: tableLookup({ [HOST]: '127.0.0.1' }), retries: 2, ...options });
  return client;
}

describe('HttpClient TLS', () => {
  it('fetches over TLS when the certificate is trusted through `ca`', async () => {
    const { result, body } = await tlsClient({ ca: [valid.material.cert] }).fetch({
      url: valid.url,
      mode: 'get',
      readBody: true,
    });
    expect(result).toMatchObject({ status: 200, error: null });
    expect(body?.toString()).toBe('secret');
  });

  it('reports TLS_CERT_UNTRUSTED for a self-signed certificate, without retry or GET fallback', async () => {
    const before = valid.server.connections();
    const { result } = await tlsClient().fetch({ url: valid.url, mode: 'head-then-get', readBody: false });
    expect(result).toMatchObject({ error: 'TLS_CERT_UNTRUSTED', status: null, retries: 0, method: 'HEAD' });
    expect(valid.server.connections() - before).toBe(1);
  });

  it('reports TLS_CERT_EXPIRED for an expired certificate', async () => {
    const { result } = await tlsClient({ ca: [expired.material.cert] }).fetch({
      url: expired.url,
      mode: 'get',
      readBody: false,
    });
    expect(result).toMatchObject({ error: 'TLS_CERT_EXPIRED', status: null, retries: 0 });
  });

  it('reports TLS_HOSTNAME_MISMATCH for a certificate issued to another name', async () => {
    const { result } = await tlsClient({ ca: [otherName.material.cert] }).fetch({
      url: otherName.url,
      mode: 'get',
      readBody: false,
    });
    expect(result).toMatchObject({ error: 'TLS_HOSTNAME_MISMATCH', status: null });
  });

  it.each([
    ['self-signed', () => valid],
    ['expired', () => expired],
    ['wrong-name', () => otherName],
  ])('accepts a %s certificate when insecure', async (_label, pick) => {
    const { result } = await tlsClient({ insecure: true }).fetch({ url: pick().url, mode: 'get', readBody: false });
    expect(result).toMatchObject({ status: 200, error: null });
  });
});
