import type { ErrorCode } from '../core/error-codes.js';
import { DEADLINE_ERROR_CODE } from './attempt-deadline.js';
import { BLOCKED_ADDRESS_ERROR_CODE } from './ssrf-guard.js';

export interface MappedError {
  code: ErrorCode;
  /** For humans only: the raw code and message of the error that decided the mapping. */
  detail: string;
}

const EXACT_CODES: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  ['ENOTFOUND', 'DNS_NOT_FOUND'],
  ['ENODATA', 'DNS_NOT_FOUND'],
  ['EAI_NONAME', 'DNS_NOT_FOUND'],
  ['EAI_NODATA', 'DNS_NOT_FOUND'],
  ['EAI_AGAIN', 'DNS_TIMEOUT'],
  ['ETIMEOUT', 'DNS_TIMEOUT'],
  ['ECONNREFUSED', 'CONNECTION_REFUSED'],
  ['ECONNRESET', 'CONNECTION_RESET'],
  ['ECONNABORTED', 'CONNECTION_RESET'],
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
  // A handshake that never finishes is a slow server, not a certificate problem.
  ['ERR_TLS_HANDSHAKE_TIMEOUT', 'TIMEOUT'],
  ['UND_ERR_ABORTED', 'TIMEOUT'],
  [DEADLINE_ERROR_CODE, 'TIMEOUT'],
  [BLOCKED_ADDRESS_ERROR_CODE, 'BLOCKED_PRIVATE_ADDRESS'],
  ['CERT_HAS_EXPIRED', 'TLS_CERT_EXPIRED'],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', 'TLS_CERT_UNTRUSTED'],
  ['SELF_SIGNED_CERT_IN_CHAIN', 'TLS_CERT_UNTRUSTED'],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'TLS_CERT_UNTRUSTED'],
  ['UNABLE_TO_GET_ISSUER_CERT', 'TLS_CERT_UNTRUSTED'],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'TLS_CERT_UNTRUSTED'],
  ['CERT_UNTRUSTED', 'TLS_CERT_UNTRUSTED'],
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'TLS_HOSTNAME_MISMATCH'],
  ['HOSTNAME_MISMATCH', 'TLS_HOSTNAME_MISMATCH'],
  ['EPROTO', 'TLS_OTHER'],
  ['UND_ERR_INFO', 'PROTOCOL_ERROR'],
  ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'PROTOCOL_ERROR'],
  ['UND_ERR_HEADERS_OVERFLOW', 'PROTOCOL_ERROR'],
  ['ERR_INVALID_HTTP_RESPONSE', 'PROTOCOL_ERROR'],
]);

/** Prefix families: OpenSSL verify codes and Node TLS codes are open-ended lists. */
const PREFIX_CODES: ReadonlyArray<readonly [string, ErrorCode]> = [
  ['HPE_', 'PROTOCOL_ERROR'],
  ['ERR_SSL_', 'TLS_OTHER'],
  ['ERR_TLS_', 'TLS_OTHER'],
  ['CERT_', 'TLS_OTHER'],
  ['UNABLE_TO_', 'TLS_OTHER'],
];

/**
 * Fallback on error class names (never messages) for errors without a string `code`: DOMException
 * aborts, and undici's HTTPParserError, whose `code` is left undefined for llhttp's numeric errors.
 */
const NAMED_ERRORS: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  ['AbortError', 'TIMEOUT'],
  ['TimeoutError', 'TIMEOUT'],
  ['HTTPParserError', 'PROTOCOL_ERROR'],
]);

/** Bound on the cause walk: guards against cyclic or absurdly deep chains. */
const MAX_CHAIN = 16;
const MAX_DETAIL_LENGTH = 300;

function classifyCode(code: string): ErrorCode | undefined {
  const exact = EXACT_CODES.get(code);
  if (exact !== undefined) return exact;
  for (const [prefix, mapped] of PREFIX_CODES) {
    if (code.startsWith(prefix)) return mapped;
  }
  return undefined;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function describe(error: unknown, code: string | undefined): string {
  const message = field(error, 'message');
  const text = typeof message === 'string' && message !== '' ? message : String(error);
  const detail = code !== undefined && !text.includes(code) ? `${code}: ${text}` : text;
  return detail.length > MAX_DETAIL_LENGTH ? `${detail.slice(0, MAX_DETAIL_LENGTH - 1)}…` : detail;
}

/**
 * Errors from undici and node in the order to inspect them: the error itself, then its causes and
 * the members of AggregateErrors (happy-eyeballs connects fail with one per address).
 */
function chainOf(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0 && chain.length < MAX_CHAIN) {
    const current = pending.shift();
    if (current === undefined || current === null || seen.has(current)) continue;
    seen.add(current);
    chain.push(current);
    pending.push(field(current, 'cause'));
    const members = field(current, 'errors');
    if (Array.isArray(members)) pending.push(...(members as unknown[]));
  }
  return chain;
}

/** Turns whatever undici or node threw into a stable outcome code; classification reads `code`, never text. */
export function mapNetworkError(error: unknown): MappedError {
  const chain = chainOf(error);
  for (const candidate of chain) {
    const code = field(candidate, 'code');
    if (typeof code !== 'string') continue;
    const mapped = classifyCode(code);
    if (mapped !== undefined) return { code: mapped, detail: describe(candidate, code) };
  }
  for (const candidate of chain) {
    const name = field(candidate, 'name');
    const mapped = typeof name === 'string' ? NAMED_ERRORS.get(name) : undefined;
    if (mapped !== undefined) return { code: mapped, detail: describe(candidate, undefined) };
  }
  const firstCode = chain.map((candidate) => field(candidate, 'code')).find((code) => typeof code === 'string');
  return { code: 'CONNECTION_FAILED', detail: describe(error, firstCode as string | undefined) };
}
