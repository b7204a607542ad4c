import { describe, expect, it } from 'vitest';
import { DeadlineExceededError } from './attempt-deadline.js';
import { mapNetworkError } from './error-mapping.js';

function coded(code: string, message = `failed with ${code}`, cause?: unknown): Error {
  return Object.assign(new Error(message, cause === undefined ? undefined : { cause }), { code });
}

describe('mapNetworkError', () => {
  it.each([
    ['ENOTFOUND', 'DNS_NOT_FOUND'],
    ['EAI_AGAIN', 'DNS_TIMEOUT'],
    ['ECONNREFUSED', 'CONNECTION_REFUSED'],
    ['ECONNRESET', 'CONNECTION_RESET'],
    ['EPIPE', 'CONNECTION_RESET'],
    ['UND_ERR_SOCKET', 'CONNECTION_RESET'],
    ['UND_ERR_CLOSED', 'CONNECTION_RESET'],
    ['EHOSTUNREACH', 'CONNECTION_FAILED'],
    ['ENETUNREACH', 'CONNECTION_FAILED'],
    ['EADDRNOTAVAIL', 'CONNECTION_FAILED'],
    ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT'],
    ['UND_ERR_HEADERS_TIMEOUT', 'TIMEOUT'],
    ['UND_ERR_BODY_TIMEOUT', 'TIMEOUT'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['CERT_HAS_EXPIRED', 'TLS_CERT_EXPIRED'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_CERT_UNTRUSTED'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_CERT_UNTRUSTED'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS_CERT_UNTRUSTED'],
    ['UNABLE_TO_GET_ISSUER_CERT', 'TLS_CERT_UNTRUSTED'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'TLS_CERT_UNTRUSTED'],
    ['CERT_UNTRUSTED', 'TLS_CERT_UNTRUSTED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_HOSTNAME_MISMATCH'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'TLS_OTHER'],
    ['ERR_TLS_INVALID_PROTOCOL_VERSION', 'TLS_OTHER'],
    ['CERT_NOT_YET_VALID', 'TLS_OTHER'],
    ['HPE_INVALID_CONSTANT', 'PROTOCOL_ERROR'],
    ['UND_ERR_INFO', 'PROTOCOL_ERROR'],
  ])('maps %s to %s', (code, expected) => {
    expect(mapNetworkError(coded(code)).code).toBe(expected);
  });

  it('maps our own deadline abort to TIMEOUT', () => {
    expect(mapNetworkError(new DeadlineExceededError(100)).code).toBe('TIMEOUT');
  });

  it('maps an abort DOMException (no string code) to TIMEOUT by its name', () => {
    const controller = new AbortController();
    controller.abort();
    expect(mapNetworkError(controller.signal.reason).code).toBe('TIMEOUT');
  });

  it('walks the cause chain past wrappers without a known code', () => {
    const wrapped = new TypeError('fetch failed', { cause: coded('WRAPPER_CODE', 'outer', coded('ECONNREFUSED')) });
    expect(mapNetworkError(wrapped).code).toBe('CONNECTION_REFUSED');
  });

  it('looks inside AggregateError members from happy-eyeballs connects', () => {
    const aggregate = new AggregateError([coded('ENETUNREACH'), coded('ECONNREFUSED')], 'all attempts failed');
    expect(mapNetworkError(aggregate).code).toBe('CONNECTION_FAILED');
  });

  it('classifies by code, never by message text', () => {
    expect(mapNetworkError(coded('ECONNRESET', 'certificate has expired')).code).toBe('CONNECTION_RESET');
    expect(mapNetworkError(new Error('getaddrinfo ENOTFOUND example.invalid')).code).toBe('CONNECTION_FAILED');
  });

  it('falls back to CONNECTION_FAILED with the raw code in the detail', () => {
    const mapped = mapNetworkError(coded('ESOMETHINGODD', 'odd'));
    expect(mapped).toEqual({ code: 'CONNECTION_FAILED', detail: 'ESOMETHINGODD: odd' });
  });

  it('survives non-errors and cyclic causes', () => {
    expect(mapNetworkError('boom')).toEqual({ code: 'CONNECTION_FAILED', detail: 'boom' });
    const cyclic: Error & { cause?: unknown } = new Error('loop');
    cyclic.cause = cyclic;
    expect(mapNetworkError(cyclic).code).toBe('CONNECTION_FAILED');
  });
});

describe('mapNetworkError on errors without a string code', () => {
  it('maps undici HTTPParserError by class name to PROTOCOL_ERROR', () => {
    const parserError = Object.assign(new Error('Response does not match the HTTP/1.1 protocol'), {
      name: 'HTTPParserError',
      code: undefined,
    });
    expect(mapNetworkError(parserError).code).toBe('PROTOCOL_ERROR');
  });
});
