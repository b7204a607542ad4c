import type { HostGate } from '../http/host-gate.js';

interface HostState {
  active: number;
  limit: number;
  intervalMs: number;
  /** Earliest time the next request may start (interval or Retry-After pause). */
  notBefore: number;
  waiters: Array<() => void>;
  timer: NodeJS.Timeout | null;
}

export interface PoliteHostGateOptions {
  defaultLimit: number;
  defaultIntervalMs: number;
  now?: () => number;
  /** Called whenever a host may have become ready, so the scheduler can admit more work. */
  onChange?: () => void;
}

/**
 * Per-host politeness: at most `limit` requests in flight per host, at least `intervalMs`
 * between request starts, and pauses (Retry-After) that stop one host without stopping the scan.
 */
export class PoliteHostGate implements HostGate {
  private readonly hosts = new Map<string, HostState>();
  private readonly now: () => number;

  constructor(private readonly options: PoliteHostGateOptions) {
    this.now = options.now ?? Date.now;
  }

  configure(host: string, settings: { limit?: number; intervalMs?: number }): void {
    const state = this.state(host);
    if (settings.limit !== undefined) state.limit = Math.max(1, settings.limit);
    if (settings.intervalMs !== undefined) state.intervalMs = Math.max(0, settings.intervalMs);
  }

  limitOf(host: string): number {
    return this.hosts.get(host)?.limit ?? this.options.defaultLimit;
  }

  intervalOf(host: string): number {
    return this.state(host).intervalMs;
  }

  /** ms until a new request could start on this host (0 = now, Infinity = at capacity). */
  delayFor(host: string): number {
    const state = this.hosts.get(host);
    if (!state) return 0;
    if (state.active >= state.limit) return Infinity;
    return Math.max(0, state.notBefore - this.now());
  }

  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const state = this.state(host);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = state.waiters.indexOf(attempt);
        if (index >= 0) state.waiters.splice(index, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      const attempt = (): void => {
        if (signal?.aborted) {
          onAbort();
          return;
        }
        const wait = state.active >= state.limit ? Infinity : state.notBefore - this.now();
        if (wait <= 0) {
          state.active += 1;
          state.notBefore = this.now() + state.intervalMs;
          signal?.removeEventListener('abort', onAbort);
          resolve(this.releaser(state));
          return;
        }
        if (state.waiters.length === 0 || !state.waiters.includes(attempt)) {
          signal?.addEventListener('abort', onAbort, { once: true });
        }
        state.waiters.push(attempt);
        if (wait !== Infinity) this.wakeLater(state, wait);
      };
      attempt();
    });
  }

  pause(host: string, ms: number): void {
    const state = this.state(host);
    state.notBefore = Math.max(state.notBefore, this.now() + ms);
    this.wakeLater(state, ms);
  }

  close(): void {
    for (const state of this.hosts.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
    }
  }

  private releaser(state: HostState): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      state.active -= 1;
      this.drain(state);
      this.options.onChange?.();
    };
  }

  private drain(state: HostState): void {
    const waiters = state.waiters.splice(0);
    for (const w of waiters) w();
  }

  private wakeLater(state: HostState, ms: number): void {
    if (state.timer) return;
    state.timer = setTimeout(() => {
      state.timer = null;
      this.drain(state);
      this.options.onChange?.();
    }, Math.max(1, ms));
    state.timer.unref?.();
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      state = {
        active: 0,
        limit: this.options.defaultLimit,
        intervalMs: this.options.defaultIntervalMs,
        notBefore: 0,
        waiters: [],
        timer: null,
      };
      this.hosts.set(host, state);
    }
    return state;
  }
}
