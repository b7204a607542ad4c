import { EventEmitter } from 'node:events';

/** `code` of the abort reason used when an attempt runs out of time; error-mapping turns it into TIMEOUT. */
export const DEADLINE_ERROR_CODE = 'DISLIKE404_DEADLINE';

export class DeadlineExceededError extends Error {
  readonly code = DEADLINE_ERROR_CODE;

  constructor(timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/** Live deadlines per scan signal, so a scan registers one abort listener rather than one per attempt. */
const liveBySignal = new WeakMap<AbortSignal, Set<AttemptDeadline>>();

function track(scanSignal: AbortSignal, deadline: AttemptDeadline): Set<AttemptDeadline> {
  let live = liveBySignal.get(scanSignal);
  if (live === undefined) {
    const created = new Set<AttemptDeadline>();
    live = created;
    liveBySignal.set(scanSignal, created);
    scanSignal.addEventListener(
      'abort',
      () => {
        for (const pending of created) pending.abort(scanSignal.reason);
        created.clear();
      },
      { once: true },
    );
  }
  live.add(deadline);
  return live;
}

/**
 * The abort signal of one attempt: fires on the total deadline (connect, headers and body together,
 * so a server dripping a byte a second cannot hold us) or on the scan's own abort.
 *
 * It is an EventEmitter with `aborted`/`reason`, which undici accepts as a signal, because an
 * AbortController per request showed up as ~5% of CPU on the loopback benchmark.
 */
export class AttemptDeadline extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly live: Set<AttemptDeadline> | undefined;

  constructor(timeoutMs: number, scanSignal: AbortSignal | undefined) {
    super();
    this.timer = setTimeout(() => this.abort(new DeadlineExceededError(timeoutMs)), timeoutMs);
    if (scanSignal === undefined) {
      this.live = undefined;
    } else if (scanSignal.aborted) {
      this.live = undefined;
      this.abort(scanSignal.reason);
    } else {
      this.live = track(scanSignal, this);
    }
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    clearTimeout(this.timer);
    this.emit('abort');
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.live?.delete(this);
  }
}
