import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import type { Agent } from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import type { ErrorCode } from '../core/error-codes.js';
import type { CheckResult, HttpMethod } from '../core/types.js';
import { abortableSleep } from './abortable-sleep.js';
import { followChain, type ChainContext, type ChainOutcome } from './follow-chain.js';
import type { HostGate } from './host-gate.js';
import { isAborted, SCAN_ABORTED_DETAIL } from './send-attempt.js';
import { NetworkGuard, type AddressPolicy } from './ssrf-guard.js';

export interface HttpClientOptions {
  userAgent: string;
  /** Extra request headers (--header); they override the defaults of the same name. */
  headers?: Record<string, string>;
  /** Total deadline per attempt: connect + headers + body. */
  timeoutMs: number;
  connectTimeoutMs: number;
  /** Extra attempts for network errors, TIMEOUT, 5xx, 408 and 429. */
  retries: number;
  /** Default 500; exponential backoff with full jitter, capped by retryMaxDelayMs. */
  retryBaseDelayMs?: number;
  /** Default 8000. */
  retryMaxDelayMs?: number;
  /** Retry-After is honoured up to this; beyond it the 429/503 is the answer. */
  maxRetryAfterMs: number;
  /** Accept bad TLS certificates. */
  insecure: boolean;
  maxRedirects: number;
  /** Cap on the body after decompression. */
  maxBodyBytes: number;
  /** Longer URLs are URL_TOO_LONG without a request. */
  maxUrlLength: number;
  /** Keep-alive pool size per origin; unlimited when absent. */
  connectionsPerOrigin?: number;
  lookup?: LookupFunction;
  /**
   * Default true. False refuses loopback, private, link-local and other non-public addresses, whether
   * they appear as URL hosts, in DNS answers at connect time, or on redirect hops: what a server that
   * fetches user-supplied URLs needs.
   */
  allowPrivateNetworks?: boolean;
  /** Replaces the public-only rule when allowPrivateNetworks is false (tests treat a local server as public). */
  addressPolicy?: AddressPolicy;
  /** Extra trusted CA certificates in PEM, on top of the bundled roots. */
  ca?: string[];
  /** Every attempt of every hop goes through gate.acquire(host). */
  gate?: HostGate;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export type FetchMode = 'head-then-get' | 'get';

export interface FetchRequest {
  /** Absolute http(s) URL without fragment. */
  url: string;
  mode: FetchMode;
  /**
   * Read and return the body? Decided from the final response's content-type. Otherwise the body is
   * discarded cheaply. In 'head-then-get' mode a successful HEAD whose content-type asks for the body
   * is followed by a GET to fetch it.
   */
  readBody: boolean | ((contentType: string | null) => boolean);
  /** Scan-level abort. */
  signal?: AbortSignal;
}

export interface FetchOutcome {
  result: CheckResult;
  /** Decompressed, at most maxBodyBytes. */
  body: Buffer | null;
  bodyTruncated: boolean;
  /** Final response headers, lowercased names, repeated values joined with ', '. */
  headers: Record<string, string>;
}

const DEFAULT_RETRY_BASE_DELAY_MS = 500;
const DEFAULT_RETRY_MAX_DELAY_MS = 8000;
/** undici's own timers only back up our deadline; the margin keeps them from firing first. */
const UNDICI_TIMEOUT_MARGIN_MS = 1000;
/** Real sites send large cookie headers; undici's 16 KiB default would turn them into errors. */
const MAX_HEADER_BYTES = 64 * 1024;
const ACCEPT = 'text/html,application/xhtml+xml,*/*;q=0.8';
/** Distinct content types kept as shared strings; a site rarely serves more than a few dozen. */
const MAX_INTERNED_CONTENT_TYPES = 256;

const ALWAYS = (): boolean => true;
const NEVER = (): boolean => false;

/**
 * Failures that happen before any HTTP exchange, so a GET would fail identically: the HEAD answer
 * stands instead of paying for another DNS lookup or handshake.
 */
const METHOD_INDEPENDENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'DNS_NOT_FOUND',
  'TLS_CERT_EXPIRED',
  'TLS_CERT_UNTRUSTED',
  'TLS_HOSTNAME_MISMATCH',
  'TLS_OTHER',
]);

function buildHeaders(options: HttpClientOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}

function buildAgent(options: HttpClientOptions, guard: NetworkGuard | undefined): Agent {
  const lookup = guard === undefined ? options.lookup : guard.wrapLookup(options.lookup);
  const backstopMs = options.timeoutMs + UNDICI_TIMEOUT_MARGIN_MS;
  return new AgentClass({
    connections: options.connectionsPerOrigin ?? null,
    headersTimeout: backstopMs,
    bodyTimeout: backstopMs,
    maxHeaderSize: MAX_HEADER_BYTES,
    connect: {
      timeout: options.connectTimeoutMs,
      rejectUnauthorized: !options.insecure,
      ...(lookup === undefined ? {} : { lookup }),
      // `ca` replaces node's bundled roots, so the extra certificates are added to them.
      ...(options.ca === undefined ? {} : { ca: [...rootCertificates, ...options.ca] }),
    },
  });
}

type Parsed = { ok: true; url: URL } | { ok: false; code: ErrorCode; detail: string };

function parseTarget(raw: string, maxUrlLength: number): Parsed {
  if (raw.length > maxUrlLength) {
    return { ok: false, code: 'URL_TOO_LONG', detail: `URL is ${raw.length} characters, limit ${maxUrlLength}` };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: 'INVALID_URL', detail: 'not an absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, code: 'UNSUPPORTED_SCHEME', detail: `${url.protocol} URLs are not fetched` };
  }
  // Assigning the hash re-serialises the whole URL, so only when there is one (`#` alone included).
  if (raw.includes('#')) url.hash = '';
  return { ok: true, url };
}

function isSuccess(outcome: ChainOutcome): boolean {
  return outcome.error === null && outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
}

/** The engine's HTTP client: one shared keep-alive agent, manual redirects, retries and body decoding. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly context: ChainContext;
  private readonly retries: number;
  private readonly contentTypes = new Map<string, string>();

  constructor(options: HttpClientOptions) {
    const guard = options.allowPrivateNetworks === false ? new NetworkGuard(options.addressPolicy) : undefined;
    this.agent = buildAgent(options, guard);
    this.retries = options.retries;
    this.context = {
      agent: this.agent,
      headers: buildHeaders(options),
      timeoutMs: options.timeoutMs,
      gate: options.gate,
      guard,
      maxBodyBytes: options.maxBodyBytes,
      maxRetryAfterMs: options.maxRetryAfterMs,
      maxRedirects: options.maxRedirects,
      maxUrlLength: options.maxUrlLength,
      retryBaseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS,
      retryMaxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS,
      sleep: options.sleep ?? abortableSleep,
      random: Math.random,
    };
  }

  /** Never rejects for network or HTTP failures: they come back as `result.error` codes. */
  async fetch(request: FetchRequest): Promise<FetchOutcome> {
    const startedAt = performance.now();
    const { signal } = request;
    const target = parseTarget(request.url, this.context.maxUrlLength);
    if (!target.ok) return early(request.url, target.code, target.detail, startedAt);
    if (isAborted(signal)) return early(request.url, 'TIMEOUT', SCAN_ABORTED_DETAIL, startedAt);

    const wantBody = typeof request.readBody === 'function' ? request.readBody : request.readBody ? ALWAYS : NEVER;
    // HEAD cannot deliver a body, so a caller that always wants one goes straight to GET.
    if (request.mode === 'head-then-get' && request.readBody !== true) {
      // HEAD gets no retries of its own: any failure falls through to GET, which has them.
      const head = await followChain(this.context, {
        url: target.url,
        method: 'HEAD',
        wantBody: NEVER,
        maxRetries: 0,
        signal,
      });
      const ok = isSuccess(head);
      if (ok && !wantBody(head.contentType)) return this.done(request.url, head, 'HEAD', startedAt);
      if (isAborted(signal)) return this.done(request.url, head, 'HEAD', startedAt);
      // Even after redirects: a GET would only knock on the same refused address again.
      if (head.error === 'BLOCKED_PRIVATE_ADDRESS') return this.done(request.url, head, 'HEAD', startedAt);
      if (!ok && head.redirects.length === 0 && head.error !== null && METHOD_INDEPENDENT.has(head.error)) {
        return this.done(request.url, head, 'HEAD', startedAt);
      }
    }
    const get = await followChain(this.context, {
      url: target.url,
      method: 'GET',
      wantBody,
      maxRetries: this.retries,
      signal,
    });
    return this.done(request.url, get, 'GET', startedAt);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /**
   * The outcome as callers keep it: a scan holds one result per URL, so the final URL of an
   * unredirected check is the caller's own string, and each distinct content type is one string.
   */
  private done(url: string, outcome: ChainOutcome, method: HttpMethod, startedAt: number): FetchOutcome {
    return {
      result: {
        url,
        finalUrl: outcome.finalUrl === url ? url : outcome.finalUrl,
        status: outcome.status,
        error: outcome.error,
        errorDetail: outcome.errorDetail,
        redirects: outcome.redirects,
        contentType: this.internContentType(outcome.contentType),
        method,
        durationMs: Math.round(performance.now() - startedAt),
        retries: outcome.retries,
      },
      body: outcome.body,
      bodyTruncated: outcome.bodyTruncated,
      headers: outcome.headers,
    };
  }

  private internContentType(value: string | null): string | null {
    if (value === null) return null;
    const known = this.contentTypes.get(value);
    if (known !== undefined) return known;
    if (this.contentTypes.size < MAX_INTERNED_CONTENT_TYPES) this.contentTypes.set(value, value);
    return value;
  }
}

function early(url: string, code: ErrorCode, detail: string, startedAt: number): FetchOutcome {
  return {
    result: {
      url,
      finalUrl: url,
      status: null,
      error: code,
      errorDetail: detail,
      redirects: [],
      contentType: null,
      method: null,
      durationMs: Math.round(performance.now() - startedAt),
      retries: 0,
    },
    body: null,
    bodyTruncated: false,
    headers: {},
  };
}
