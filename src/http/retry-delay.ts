const DELTA_SECONDS = /^\d+$/;
/** Every HTTP-date form names a month; without this, Date.parse reads "-5" as a year. */
const HAS_MONTH_NAME = /[a-z]{3}/i;

/**
 * Parses a Retry-After value (delta-seconds or HTTP-date) into milliseconds from `nowMs`.
 * Returns null when absent or unparsable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (DELTA_SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  if (!HAS_MONTH_NAME.test(trimmed)) return null;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(max, base * 2^retryIndex)], which spreads
 * retries from many concurrent checks instead of having them hit a struggling server in step.
 */
export function backoffDelayMs(retryIndex: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}
