import type { ErrorCode } from '../core/error-codes.js';
import type { HttpMethod } from '../core/types.js';
import type { HostGate } from './host-gate.js';
import type { BodyPlan } from './attempt-handler.js';
import type { BodyRead } from './body-sink.js';
import { isRedirect } from './redirect-step.js';
import { parseRetryAfter } from './retry-delay.js';
import type { AttemptFailure } from './attempt-failure.js';

export interface ResponseContext {
  maxBodyBytes: number;
  maxRetryAfterMs: number;
  gate: HostGate | undefined;
}

/** What one response means for the chain. */
export type HopStep =
  | { kind: 'redirect'; status: number; location: string | undefined; headers: Record<string, string> }
  | { kind: 'retry'; status: number; /** Server-requested wait, or null to use backoff. */ waitMs: number | null }
  | FinalResponse
  | AttemptFailure;

export interface FinalResponse {
  kind: 'final';
  status: number;
  headers: Record<string, string>;
  contentType: string | null;
  body: Buffer | null;
  bodyTruncated: boolean;
  error: ErrorCode | null;
  errorDetail: string | null;
}

export interface HopRequest {
  method: HttpMethod;
  wantBody: (contentType: string | null) => boolean;
  /** Whether a retryable status may still be retried; when false it becomes the final answer. */
  canRetry: boolean;
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Interprets one response from its head: redirect hops and retried answers have their bodies discarded. */
export function planResponse(
  context: ResponseContext,
  url: URL,
  hop: HopRequest,
  status: number,
  headers: Record<string, string>,
): BodyPlan<HopStep> {
  const location = headers['location'];
  if (isRedirect(status, location)) return { kind: 'discard', result: { kind: 'redirect', status, location, headers } };
  if (isRetryableStatus(status)) {
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after'], Date.now()) : null;
    // A wait beyond the cap means "give up and report it", not "wait less than asked".
    const withinCap = retryAfterMs === null || retryAfterMs <= context.maxRetryAfterMs;
    if (retryAfterMs !== null && withinCap) context.gate?.pause(url.host, retryAfterMs);
    if (hop.canRetry && withinCap) return { kind: 'discard', result: { kind: 'retry', status, waitMs: retryAfterMs } };
  }
  const contentType = headers['content-type'] ?? null;
  const final: FinalResponse = {
    kind: 'final',
    status,
    headers,
    contentType,
    body: null,
    bodyTruncated: false,
    error: null,
    errorDetail: null,
  };
  if (hop.method === 'HEAD' || !hop.wantBody(contentType)) return { kind: 'discard', result: final };
  return {
    kind: 'read',
    contentEncoding: headers['content-encoding'],
    maxBytes: context.maxBodyBytes,
    finish: (read) => withBody(context, final, read),
  };
}

function withBody(context: ResponseContext, final: FinalResponse, read: BodyRead): HopStep {
  if (read.ok) {
    final.body = read.body;
    if (read.truncated) {
      final.bodyTruncated = true;
      final.error = 'BODY_TOO_LARGE';
      final.errorDetail = `body exceeds ${context.maxBodyBytes} bytes after decoding`;
    }
    return final;
  }
  if (read.code === 'DECODING_FAILED') {
    final.error = read.code;
    final.errorDetail = read.detail;
    return final;
  }
  return { kind: 'failure', code: read.code, detail: read.detail, status: final.status, headers: final.headers };
}
