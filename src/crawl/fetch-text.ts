import type { ErrorCode } from '../core/error-codes.js';

/**
 * The answer to one auxiliary GET (robots.txt, sitemaps). Kept apart from `CheckResult` because these
 * fetches need the body and none of the link-check detail.
 */
export interface FetchTextResult {
  /** Final HTTP status, or null when no HTTP response was obtained. */
  status: number | null;
  /** Engine outcome code, or null for a plain HTTP result. A 2xx may carry one (e.g. BODY_TOO_LARGE). */
  error: ErrorCode | null;
  /** Body after Content-Encoding decoding and the engine's size cap; null when none was read. */
  body: Buffer | null;
  contentType: string | null;
  /** URL that finally answered, after redirects. */
  finalUrl: string;
}

/**
 * Supplied by the engine: GET with redirects followed, body capped and decompressed per Content-Encoding.
 * A function rather than a client object so tests can fake it in one line and never touch the network.
 */
export type FetchText = (url: string) => Promise<FetchTextResult>;
