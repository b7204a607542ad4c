import type { Dispatcher } from 'undici';
import type { ErrorCode } from '../core/error-codes.js';
import type { HttpMethod } from '../core/types.js';
import { AttemptDeadline } from './attempt-deadline.js';
import { mapNetworkError } from './error-mapping.js';
import type { HostGate } from './host-gate.js';
import type { NetworkGuard } from './ssrf-guard.js';

export interface AttemptContext {
  agent: Dispatcher;
  /** Built once per client and shared by every request: undici does not mutate it. */
  headers: Record<string, string>;
  timeoutMs: number;
  gate: HostGate | undefined;
  /** Absent when private networks are allowed. */
  guard?: NetworkGuard;
}

export interface AttemptFailure {
  kind: 'failure';
  code: ErrorCode;
  detail: string;
  /** Set when the response head arrived before the failure (e.g. a reset mid-body). */
  status: number | null;
  headers: Record<string, string>;
}

export const SCAN_ABORTED_DETAIL = 'scan aborted';

export function attemptFailure(code: ErrorCode, detail: string): AttemptFailure {
  return { kind: 'failure', code, detail, status: null, headers: {} };
}

/**
 * One attempt at one URL: take a gate slot, send, and let `handle` consume the response while the
 * attempt's deadline still runs, so reading the body counts against it. The slot is held until the
 * body is dealt with, because until then the connection is busy.
 */
export async function sendAttempt<T>(
  context: AttemptContext,
  url: URL,
  method: HttpMethod,
  scanSignal: AbortSignal | undefined,
  handle: (response: Dispatcher.ResponseData) => Promise<T>,
): Promise<T | AttemptFailure> {
  // Checked per attempt, not per chain, so no caller of sendAttempt can skip it on a redirect hop.
  const verdict = context.guard?.checkUrl(url);
  if (verdict?.allowed === false) return attemptFailure('BLOCKED_PRIVATE_ADDRESS', verdict.reason);
  let release: (() => void) | undefined;
  if (context.gate !== undefined) {
    try {
      release = await context.gate.acquire(url.host, scanSignal);
    } catch (error) {
      if (isAborted(scanSignal)) return attemptFailure('TIMEOUT', SCAN_ABORTED_DETAIL);
      throw new Error(`host gate failed for ${url.host}`, { cause: error });
    }
  }
  const deadline = new AttemptDeadline(context.timeoutMs, scanSignal);
  try {
    let response: Dispatcher.ResponseData;
    try {
      response = await context.agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers: context.headers,
        signal: deadline,
        // undici closes the socket after every HEAD (against servers that wrongly send a body); that
        // costs a handshake per link, and undici still drops a connection if stray bytes do arrive.
        reset: method === 'HEAD' ? false : undefined,
      });
    } catch (error) {
      const mapped = mapNetworkError(error);
      return attemptFailure(mapped.code, mapped.detail);
    }
    return await handle(response);
  } finally {
    deadline.dispose();
    release?.();
  }
}

/** A function rather than an inline check: TypeScript would otherwise keep a narrowing across awaits. */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
