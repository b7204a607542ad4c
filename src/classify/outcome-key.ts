import type { ErrorCode } from '../core/error-codes.js';

/** The key an outcome is counted and explained under: the engine code when there is one, else HTTP_<status>. */
export function outcomeKeyOf(status: number | null, error: ErrorCode | null): string {
  if (error !== null) return error;
  return status === null ? 'NO_RESPONSE' : `HTTP_${status}`;
}
