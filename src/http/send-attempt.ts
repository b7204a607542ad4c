import type { Dispatcher } from 'undici';
import type { HttpMethod } from '../core/types.js';
import { AttemptDeadline } from './attempt-deadline.js';
import { attemptFailure, type AttemptFailure } from './attempt-failure.js';
import { AttemptHandler, type HeadInterpreter } from './attempt-handler.js';
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

export const SCAN_ABORTED_DETAIL = 'scan aborted';

/**
 * One attempt at one URL: take a gate slot, send, and let `interpret` decide from the head what the
 * response means and whether its body is read, while the attempt's deadline still runs, so reading
 * the body counts against it. The slot is held until the body is dealt with, because until then the
 * connection is busy.
 */
export async function sendAttempt<T>(
  context: AttemptContext,
  url: URL,
  method: HttpMethod,
  scanSignal: AbortSignal | undefined,
  interpret: HeadInterpreter<T>,
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
  let deadline: AttemptDeadline | undefined;
  try {
    return await new Promise<T | AttemptFailure>((resolve) => {
      const isHead = method === 'HEAD';
      const handler = new AttemptHandler(isHead, interpret, resolve);
      deadline = new AttemptDeadline(context.timeoutMs, scanSignal, handler);
      if (deadline.aborted) return;
      const options: Dispatcher.DispatchOptions = {
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers: context.headers,
        // undici closes the socket after every HEAD (against servers that wrongly send a body); that
        // costs a handshake per link, and undici still drops a connection if stray bytes do arrive.
        reset: isHead ? false : undefined,
      };
      try {
        context.agent.dispatch(options, handler);
      } catch (error) {
        handler.fail(error);
      }
    });
  } finally {
    deadline?.dispose();
    release?.();
  }
}

/** A function rather than an inline check: TypeScript would otherwise keep a narrowing across awaits. */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
