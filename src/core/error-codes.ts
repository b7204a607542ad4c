/**
 * The one registry of outcome codes the engine can produce besides an HTTP status.
 * The classifier, the reports and (later) the UI key on these; never on message text.
 * Documented for users in docs/errors.md — a test keeps the two in step.
 */
export const ERROR_CODES = [
  'DNS_NOT_FOUND',
  'DNS_TIMEOUT',
  'CONNECTION_REFUSED',
  'CONNECTION_RESET',
  'CONNECTION_FAILED',
  'TIMEOUT',
  'TLS_CERT_EXPIRED',
  'TLS_CERT_UNTRUSTED',
  'TLS_HOSTNAME_MISMATCH',
  'TLS_OTHER',
  'PROTOCOL_ERROR',
  'REDIRECT_LOOP',
  'TOO_MANY_REDIRECTS',
  'REDIRECT_INVALID',
  'FRAGMENT_NOT_FOUND',
  'INVALID_URL',
  'URL_TOO_LONG',
  'UNSUPPORTED_SCHEME',
  'INVALID_MAILTO',
  'INVALID_DATA_URL',
  'BLOCKED_BY_ROBOTS',
  'BLOCKED_PRIVATE_ADDRESS',
  'BODY_TOO_LARGE',
  'SOFT_404',
  'BOT_PROTECTION',
  'DECODING_FAILED',
  'EXCLUDED',
  'LIMIT_REACHED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * Codes that mean "we chose not to fetch this", not "this is broken".
 * They appear in reports as skipped, never counted as broken.
 */
export const SKIP_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'BLOCKED_BY_ROBOTS',
  'EXCLUDED',
  'LIMIT_REACHED',
]);
