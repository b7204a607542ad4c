import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LookupFunction } from 'node:net';
import type { HttpClient } from './http-client.js';
import { publicAddressesOnly, type AddressPolicy } from './ssrf-guard.js';
import { startServer, tableLookup, testClient, type TestServer } from './test-server.js';

let server: TestServer;
let client: HttpClient | undefined;
const METADATA_URL = 'http://169.254.169.254/latest/meta-data/';

beforeAll(async () => {
  server = await startServer((request, response) => {
    const redirects: Record<string, string> = {
      '/to-metadata': METADATA_URL,
      '/to-loopback': `http://127.0.0.1:${server.port}/landed`,
      '/to-private-name': `http://private.invalid:${server.port}/landed`,
    };
    const location = redirects[request.url ?? '/'];
    response.writeHead(location === undefined ? 200 : 302, location === undefined ? {} : { location });
    response.end('ok');
  });
});

afterEach(async () => {
  await client?.close();
  client = undefined;
});

afterAll(async () => {
  await server.close();
});

/** Fetches and reports what the local server saw meanwhile: requests and new TCP connections. */
async function fetchWatching(url: string, mode: 'get' | 'head-then-get' = 'get') {
  if (client === undefined) throw new Error('no client');
  const requestsBefore = server.requests.length;
  const connectionsBefore = server.connections();
  const { result } = await client.fetch({ url, mode, readBody: false });
  return {
    result,
    requests: server.requests.slice(requestsBefore),
    connections: server.connections() - connectionsBefore,
  };
}

/** Spellings of this machine that WHATWG URL parsing accepts and that do reach a 127.0.0.1 listener. */
const REACHABLE_SPELLINGS = [
  '127.0.0.1',
  '2130706433',
  '0x7f000001',
  '0x7f.1',
  '0X7F.0.0.1',
  '0177.0.0.1',
  '017700000001',
  '127.1',
  '127.0.1',
  '127.0.0.1.',
  '%31%32%37.0.0.1',
  '\uff11\uff12\uff17.\uff10.\uff10.\uff11',
  '0',
  '0.0.0.0',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[::FFFF:7F00:1]',
  '[0:0:0:0:0:ffff:127.0.0.1]',
];

/** Loopback in forms that would not reach an IPv4 listener here, so they are only checked as refused. */
const OTHER_LOOPBACK_SPELLINGS = ['[::1]', '[::127.0.0.1]', '[::ffff:0:7f00:1]', '[64:ff9b::127.0.0.1]', '[2002:7f00:1::]'];

describe('HttpClient with allowPrivateNetworks: false', () => {
  it.each([...REACHABLE_SPELLINGS, ...OTHER_LOOPBACK_SPELLINGS])(
    'refuses the host %s without connecting, retrying or falling back to GET',
    async (host) => {
      client = testClient({ allowPrivateNetworks: false, retries: 3 });
      const seen = await fetchWatching(`http://${host}:${server.port}/`, 'head-then-get');
      expect(seen.result).toMatchObject({ error: 'BLOCKED_PRIVATE_ADDRESS', status: null, retries: 0, method: 'HEAD' });
      expect(seen).toMatchObject({ requests: [], connections: 0 });
    },
  );

  it.each(['127.0.0.1', '0.0.0.0', '10.0.0.1', '169.254.169.254'])(
    'refuses a name the injected lookup maps to %s',
    async (address) => {
      client = testClient({ allowPrivateNetworks: false, retries: 3, lookup: tableLookup({ 'internal.invalid': address }) });
      const seen = await fetchWatching(`http://internal.invalid:${server.port}/`, 'head-then-get');
      expect(seen.result).toMatchObject({ error: 'BLOCKED_PRIVATE_ADDRESS', status: null, retries: 0, method: 'HEAD' });
      expect(seen.result.errorDetail).toContain(`internal.invalid resolves to a refused address: ${address}`);
      expect(seen).toMatchObject({ requests: [], connections: 0 });
    },
  );

  it('guards the system resolver too when no lookup is injected', async () => {
    client = testClient({ allowPrivateNetworks: false });
    const seen = await fetchWatching(`http://localhost:${server.port}/`);
    expect(seen.result.error).toBe('BLOCKED_PRIVATE_ADDRESS');
    expect(seen).toMatchObject({ requests: [], connections: 0 });
  });

  it('refuses a rebinding name once it answers with a private address', async () => {
    client = testClient({ allowPrivateNetworks: false, retries: 2, connectTimeoutMs: 300, lookup: rebinding() });
    const seen = await fetchWatching(`http://rebind.invalid:${server.port}/`);
    // The first answer is public but unreachable here; the retry gets the private answer.
    expect(seen.result).toMatchObject({ error: 'BLOCKED_PRIVATE_ADDRESS', status: null, retries: 1 });
    expect(seen).toMatchObject({ requests: [], connections: 0 });
  });

  describe('on redirect hops from a host the policy allows', () => {
    const publicTestName: AddressPolicy = (address, hostname) =>
      hostname === 'public.invalid' ? { allowed: true } : publicAddressesOnly(address, hostname);
    const options = {
      allowPrivateNetworks: false,
      addressPolicy: publicTestName,
      retries: 3,
      lookup: tableLookup({ 'public.invalid': '127.0.0.1', 'private.invalid': '127.0.0.1' }),
    };
    const origin = (): string => `http://public.invalid:${server.port}`;

    it('reaches the allowed host itself', async () => {
      client = testClient(options);
      const seen = await fetchWatching(`${origin()}/`);
      expect(seen.result).toMatchObject({ status: 200, error: null });
      expect(seen.requests).toEqual(['GET /']);
    });

    it('refuses a redirect to the cloud metadata address and records the chain up to it', async () => {
      client = testClient(options);
      const seen = await fetchWatching(`${origin()}/to-metadata`, 'head-then-get');
      expect(seen.result).toMatchObject({
        error: 'BLOCKED_PRIVATE_ADDRESS',
        status: null,
        finalUrl: METADATA_URL,
        method: 'HEAD',
        retries: 0,
      });
      expect(seen.result.redirects).toEqual([{ url: `${origin()}/to-metadata`, status: 302, location: METADATA_URL }]);
      expect(seen.requests).toEqual(['HEAD /to-metadata']);
    });

    it.each(['/to-loopback', '/to-private-name'])('refuses the private hop of %s', async (path) => {
      client = testClient(options);
      const seen = await fetchWatching(`${origin()}${path}`);
      expect(seen.result).toMatchObject({ error: 'BLOCKED_PRIVATE_ADDRESS', status: null, retries: 0 });
      expect(seen.result.redirects).toHaveLength(1);
      expect(seen.requests).toEqual([`GET ${path}`]);
    });
  });
});

describe('HttpClient with private networks allowed (the default)', () => {
  it.each(REACHABLE_SPELLINGS)('reaches the local server as %s', async (host) => {
    client = testClient();
    const seen = await fetchWatching(`http://${host}:${server.port}/`);
    expect(seen.result).toMatchObject({ status: 200, error: null });
    expect(seen.requests).toEqual(['GET /']);
  });

  it('reaches a name the injected lookup maps to 127.0.0.1', async () => {
    client = testClient({ allowPrivateNetworks: true, lookup: tableLookup({ 'internal.invalid': '127.0.0.1' }) });
    const seen = await fetchWatching(`http://internal.invalid:${server.port}/`);
    expect(seen.result).toMatchObject({ status: 200, error: null });
  });

  it('follows a rebinding name to its private answer', async () => {
    client = testClient({ retries: 2, connectTimeoutMs: 300, lookup: rebinding() });
    const seen = await fetchWatching(`http://rebind.invalid:${server.port}/`);
    expect(seen.result).toMatchObject({ status: 200, error: null, retries: 1 });
  });

  it.each(['/to-loopback', '/to-private-name'])('follows the private hop of %s', async (path) => {
    client = testClient({ lookup: tableLookup({ 'public.invalid': '127.0.0.1', 'private.invalid': '127.0.0.1' }) });
    const seen = await fetchWatching(`http://public.invalid:${server.port}${path}`);
    expect(seen.result).toMatchObject({ status: 200, error: null });
    expect(seen.requests).toEqual([`GET ${path}`, 'GET /landed']);
  });
});

/** DNS rebinding: the first answer is a public documentation address, every later one is loopback. */
function rebinding(): LookupFunction {
  let calls = 0;
  return (hostname, options, callback) => {
    calls++;
    tableLookup({ [hostname]: calls === 1 ? '203.0.113.10' : '127.0.0.1' })(hostname, options, callback);
  };
}
