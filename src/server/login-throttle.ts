/**
 * Counts failed sign-ins per key (the email, and separately the client address) in a sliding
 * window. In memory: a restart forgets, which only ever errs towards letting people in.
 */
export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
}

export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #limits: ThrottleLimits;
  readonly #now: () => number;

  constructor(limits: ThrottleLimits, now: () => number) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.#limits.maxFailures) return 0;
    const oldest = recent[recent.length - this.#limits.maxFailures] ?? this.#now();
    return Math.max(1, Math.ceil((oldest + this.#limits.windowMs - this.#now()) / 1000));
  }

  fail(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.#now());
    this.#failures.set(key, recent);
    // Bound memory under a flood of distinct keys: drop the stalest entries.
    if (this.#failures.size > 100_000) {
      const first = this.#failures.keys().next();
      if (!first.done) this.#failures.delete(first.value);
    }
  }

  succeed(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#limits.windowMs;
    return (this.#failures.get(key) ?? []).filter((t) => t > since);
  }
}
