import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { mapNetworkError } from './error-mapping.js';
import {
  BLOCKED_ADDRESS_ERROR_CODE,
  BlockedAddressError,
  NetworkGuard,
  publicAddressesOnly,
  type AddressPolicy,
} from './ssrf-guard.js';

interface Answer {
  error: NodeJS.ErrnoException | null;
  address: string | LookupAddress[];
}

function staticLookup(addresses: string[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all === true) callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    else callback(null, addresses[0] ?? '', 4);
  };
}

function resolve(lookup: LookupFunction, hostname: string, all: boolean): Promise<Answer> {
  return new Promise((done) => lookup(hostname, { all }, (error, address) => done({ error, address })));
}

describe('publicAddressesOnly', () => {
  it('allows a public address and names the range it refuses', () => {
    expect(publicAddressesOnly('203.0.113.10', 'a.invalid')).toEqual({ allowed: true });
    expect(publicAddressesOnly('::ffff:169.254.169.254', 'a.invalid')).toEqual({
      allowed: false,
      reason: '::ffff:169.254.169.254 is a link-local address (169.254.0.0/16 embedded in an ipv4-mapped IPv6 address)',
    });
  });

  it('refuses text it cannot read as an address', () => {
    expect(publicAddressesOnly('0177.0.0.1', 'a.invalid').allowed).toBe(false);
  });
});

describe('NetworkGuard.checkUrl', () => {
  const guard = new NetworkGuard();

  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://0/',
    'http://169.254.169.254/latest/meta-data/',
    'https://[::1]:8443/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[fe80::1]/',
    'http://[fd00::1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://[2002:7f00:1::]/',
  ])('refuses the literal host of %s', (url) => {
    expect(guard.checkUrl(new URL(url)).allowed).toBe(false);
  });

  it.each(['http://203.0.113.10/', 'http://[2001:db8::1]/', 'http://localhost/', 'http://example.invalid/'])(
    'lets %s through (names are judged at lookup)',
    (url) => {
      expect(guard.checkUrl(new URL(url))).toEqual({ allowed: true });
    },
  );

  it('asks the policy with the bare literal as both address and hostname', () => {
    const seen: string[] = [];
    const policy: AddressPolicy = (address, hostname) => {
      seen.push(`${address} ${hostname}`);
      return { allowed: true };
    };
    new NetworkGuard(policy).checkUrl(new URL('http://[::1]:81/'));
    expect(seen).toEqual(['::1 ::1']);
  });
});

describe('NetworkGuard.wrapLookup', () => {
  const guard = new NetworkGuard();

  it.each([false, true])('passes public answers through unchanged (all: %s)', async (all) => {
    const answer = await resolve(guard.wrapLookup(staticLookup(['203.0.113.10', '2001:db8::1'])), 'a.invalid', all);
    expect(answer.error).toBeNull();
    expect(answer.address).toEqual(
      all
        ? [
            { address: '203.0.113.10', family: 4 },
            { address: '2001:db8::1', family: 6 },
          ]
        : '203.0.113.10',
    );
  });

  it.each([false, true])('fails with a coded error on a private answer (all: %s)', async (all) => {
    const answer = await resolve(guard.wrapLookup(staticLookup(['10.1.2.3'])), 'intranet.invalid', all);
    expect(answer.error).toBeInstanceOf(BlockedAddressError);
    expect(answer.error).toMatchObject({ code: BLOCKED_ADDRESS_ERROR_CODE, hostname: 'intranet.invalid', address: '10.1.2.3' });
  });

  it('refuses a name when any one of its answers is private', async () => {
    const answer = await resolve(guard.wrapLookup(staticLookup(['203.0.113.10', '::1'])), 'mixed.invalid', true);
    expect(answer.error).toMatchObject({ code: BLOCKED_ADDRESS_ERROR_CODE, address: '::1' });
  });

  it('passes lookup failures through untouched', async () => {
    const failure: NodeJS.ErrnoException = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    const failing: LookupFunction = (_hostname, _options, callback) => callback(failure, '');
    const answer = await resolve(guard.wrapLookup(failing), 'nope.invalid', false);
    expect(answer.error).toBe(failure);
  });

  it('maps to BLOCKED_PRIVATE_ADDRESS by code, also when wrapped as a cause', () => {
    const error = new BlockedAddressError('a.invalid', '127.0.0.1', '127.0.0.1 is a loopback address (127.0.0.0/8)');
    expect(mapNetworkError(error)).toEqual({
      code: 'BLOCKED_PRIVATE_ADDRESS',
      detail: `${BLOCKED_ADDRESS_ERROR_CODE}: a.invalid resolves to a refused address: 127.0.0.1 is a loopback address (127.0.0.0/8)`,
    });
    expect(mapNetworkError(new TypeError('fetch failed', { cause: error })).code).toBe('BLOCKED_PRIVATE_ADDRESS');
  });
});
