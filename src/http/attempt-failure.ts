import type { ErrorCode } from '../core/error-codes.js';

export interface AttemptFailure {
  kind: 'failure';
  code: ErrorCode;
  detail: string;
  /** Set when the response head arrived before the failure (e.g. a reset mid-body). */
  status: number | null;
  headers: Record<string, string>;
}

export function attemptFailure(code: ErrorCode, detail: string): AttemptFailure {
  return { kind: 'failure', code, detail, status: null, headers: {} };
}
