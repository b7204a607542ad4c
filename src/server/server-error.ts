/**
 * Stable codes for every error the server answers with. Clients branch on `code`, never on
 * message text; each code has exactly one HTTP status.
 */
export const SERVER_ERRORS = {
  UNAUTHENTICATED: 401,
  INVALID_TOKEN: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  SITE_EXISTS: 409,
  SCAN_ALREADY_RUNNING: 409,
  SCAN_NOT_RESUMABLE: 409,
  INVALID_INPUT: 422,
  BAD_REQUEST: 400,
  NOT_VERIFIED: 422,
  RESET_TOKEN_INVALID: 422,
  TOO_MANY_ATTEMPTS: 429,
  QUOTA_EXCEEDED: 429,
  /** Too many requests from one address or user in a short window (API rate limit, rechecks). */
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ServerErrorCode = keyof typeof SERVER_ERRORS;

export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly code: ServerErrorCode;
  readonly statusCode: number;
  /** Extra response headers, e.g. Retry-After or WWW-Authenticate. */
  readonly headers: Record<string, string>;

  constructor(code: ServerErrorCode, message: string, options: { headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.statusCode = SERVER_ERRORS[code];
    this.headers = options.headers ?? {};
  }
}

export function notFound(what = 'Not found'): ServerError {
  return new ServerError('NOT_FOUND', what);
}
