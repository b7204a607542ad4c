export interface RecheckLimits {
  maxRechecks: number;
  windowMs: number;
}

/** Each recheck makes outbound requests on a user's behalf: 30 a minute is plenty by hand. */
export const DEFAULT_RECHECK_LIMITS: RecheckLimits = { maxRechecks: 30, windowMs: 60_000 };
/** Users tracked at once; past it the longest-idle one is forgotten, which only ever lets more through. */
const MAX_KEYS = 100_000;

/**
 * Rechecks per user in a sliding window, in memory: a restart forgets, which costs at most one
 * extra window of requests.
 */
export class RecheckLimiter {
  readonly #times = new Map<string, number[]>();
  readonly #limits: RecheckLimits;
  readonly #now: () => number;

  constructor(limits: RecheckLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Counts one recheck for `key`; returns 0 when it may go ahead, else the seconds to wait. */
  take(key: string): number {
    const now = this.#now();
    const recent = (this.#times.get(key) ?? []).filter((t) => t > now - this.#limits.windowMs);
    if (recent.length >= this.#limits.maxRechecks) {
      const oldest = recent[recent.length - this.#limits.maxRechecks] ?? now;
      this.#times.set(key, recent);
      return Math.max(1, Math.ceil((oldest + this.#limits.windowMs - now) / 1000));
    }
    recent.push(now);
    // Re-inserted last, so the Map's first key is always the longest idle.
    this.#times.delete(key);
    this.#times.set(key, recent);
    if (this.#times.size > MAX_KEYS) {
      const first = this.#times.keys().next();
      if (!first.done) this.#times.delete(first.value);
    }
    return 0;
  }
}
