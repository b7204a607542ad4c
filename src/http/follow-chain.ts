import type { ErrorCode } from '../core/error-codes.js';
import type { HttpMethod, RedirectHop } from '../core/types.js';
import { attemptFailure, type AttemptFailure } from './attempt-failure.js';
import { planResponse, type FinalResponse, type HopStep, type ResponseContext } from './handle-response.js';
import { decideRedirect, type RedirectLimits } from './redirect-step.js';
import { backoffDelayMs } from './retry-delay.js';
import { sendAttempt, isAborted, SCAN_ABORTED_DETAIL, type AttemptContext } from './send-attempt.js';

export interface ChainContext extends AttemptContext, ResponseContext, RedirectLimits {
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

export interface ChainRequest {
  url: URL;
  method: HttpMethod;
  wantBody: (contentType: string | null) => boolean;
  maxRetries: number;
  signal: AbortSignal | undefined;
}

/** Everything a check learned from one method's chain of requests. */
export interface ChainOutcome {
  finalUrl: string;
  status: number | null;
  error: ErrorCode | null;
  errorDetail: string | null;
  redirects: RedirectHop[];
  contentType: string | null;
  headers: Record<string, string>;
  body: Buffer | null;
  bodyTruncated: boolean;
  retries: number;
}

/** Transient failures worth another attempt; DNS_NOT_FOUND and TLS errors will not heal in seconds. */
const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'CONNECTION_RESET',
  'CONNECTION_REFUSED',
  'CONNECTION_FAILED',
  'TIMEOUT',
  'DNS_TIMEOUT',
]);

type SettledStep = Exclude<HopStep, { kind: 'retry' }>;

/** Sleeps may be injected and may reject on abort; either way the caller only needs to know it is over. */
async function pause(context: ChainContext, ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await context.sleep(ms, signal);
  } catch (error) {
    if (!isAborted(signal)) throw new Error('sleep failed', { cause: error });
  }
}

/** Requests one URL, retrying transient failures; returns the settled step and the retries spent. */
async function requestWithRetries(
  context: ChainContext,
  url: URL,
  request: ChainRequest,
): Promise<{ step: SettledStep; retries: number }> {
  const { method, wantBody, signal } = request;
  for (let retryIndex = 0; ; retryIndex++) {
    const canRetry = retryIndex < request.maxRetries;
    const hop = { method, wantBody, canRetry };
    const step = await sendAttempt(context, url, method, signal, (status, headers) =>
      planResponse(context, url, hop, status, headers),
    );
    if (isAborted(signal)) return { step: attemptFailure('TIMEOUT', SCAN_ABORTED_DETAIL), retries: retryIndex };
    let waitMs: number;
    if (step.kind === 'retry') {
      waitMs = step.waitMs ?? backoffDelayMs(retryIndex, context.retryBaseDelayMs, context.retryMaxDelayMs, context.random);
    } else if (step.kind === 'failure' && canRetry && RETRYABLE_CODES.has(step.code)) {
      waitMs = backoffDelayMs(retryIndex, context.retryBaseDelayMs, context.retryMaxDelayMs, context.random);
    } else {
      return { step, retries: retryIndex };
    }
    await pause(context, waitMs, signal);
    if (isAborted(signal)) {
      return { step: attemptFailure('TIMEOUT', SCAN_ABORTED_DETAIL), retries: retryIndex };
    }
  }
}

function settled(
  url: URL,
  step: FinalResponse | AttemptFailure,
  redirects: RedirectHop[],
  retries: number,
): ChainOutcome {
  if (step.kind === 'failure') {
    return {
      finalUrl: url.href,
      status: step.status,
      error: step.code,
      errorDetail: step.detail,
      redirects,
      contentType: step.headers['content-type'] ?? null,
      headers: step.headers,
      body: null,
      bodyTruncated: false,
      retries,
    };
  }
  return {
    finalUrl: url.href,
    status: step.status,
    error: step.error,
    errorDetail: step.errorDetail,
    redirects,
    contentType: step.contentType,
    headers: step.headers,
    body: step.body,
    bodyTruncated: step.bodyTruncated,
    retries,
  };
}

/**
 * Follows redirects by hand so every hop is recorded and every attempt of every hop goes through the
 * gate; each hop is retried on its own rather than restarting the chain.
 */
export async function followChain(context: ChainContext, request: ChainRequest): Promise<ChainOutcome> {
  const redirects: RedirectHop[] = [];
  const visited = new Set<string>([request.url.href]);
  let url = request.url;
  let retries = 0;
  for (;;) {
    const { step, retries: spent } = await requestWithRetries(context, url, request);
    retries += spent;
    if (step.kind !== 'redirect') return settled(url, step, redirects, retries);
    const decision = decideRedirect(url, step.location, visited, redirects.length, context);
    redirects.push({ url: url.href, status: step.status, location: decision.location });
    if (decision.kind === 'stop') {
      return {
        finalUrl: url.href,
        status: step.status,
        error: decision.code,
        errorDetail: decision.detail,
        redirects,
        contentType: step.headers['content-type'] ?? null,
        headers: step.headers,
        body: null,
        bodyTruncated: false,
        retries,
      };
    }
    visited.add(decision.next.href);
    url = decision.next;
  }
}
