/**
 * Stable codes for storage failures. Callers branch on these, never on message text;
 * the CLI maps them to exit codes and the server to HTTP statuses.
 */
export const STORE_ERROR_CODES = [
  /** The database was written by a newer dislike404; it is left untouched. */
  'DB_TOO_NEW',
  /** The file exists but is not a readable SQLite database; it is left untouched. */
  'DB_CORRUPT',
  /** The database server could not be reached or refused the connection. */
  'DB_UNAVAILABLE',
  /** Anything else the database reported; the driver error is the `cause`. */
  'DB_ERROR',
  'NOT_FOUND',
  /** The write would duplicate something that must be unique (a site URL). */
  'CONFLICT',
  /** The input was rejected before reaching the database (bad blacklist rule, bad location). */
  'INVALID_INPUT',
  /** The scan has no final summary yet, so no full report can be built. */
  'SCAN_NOT_FINISHED',
] as const;

export type StoreErrorCode = (typeof STORE_ERROR_CODES)[number];

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isStoreError(value: unknown, code?: StoreErrorCode): value is StoreError {
  return value instanceof StoreError && (code === undefined || value.code === code);
}

/** Wraps driver failures so no driver error type leaks past the store; StoreErrors pass through. */
export function toStoreError(error: unknown, what: string): StoreError {
  if (error instanceof StoreError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError('DB_ERROR', `${what}: ${firstLine(detail)}`, { cause: error });
}

export function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
