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

/** What a deadline stops when it fires. */
export interface Abortable {
  abort(reason: unknown): void;
}

/**
 * The clock of one attempt: fires on the total deadline (connect, headers and body together, so a
 * server dripping a byte a second cannot hold us) or on the scan's own abort.
 *
 * It calls its target directly rather than being an AbortSignal, because an AbortController per
 * request showed up as ~5% of CPU on the loopback benchmark.
 */
export class AttemptDeadline {
  aborted = false;
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly live: Set<AttemptDeadline> | undefined;

  constructor(
    timeoutMs: number,
    scanSignal: AbortSignal | undefined,
    private readonly target: Abortable,
  ) {
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
    clearTimeout(this.timer);
    this.target.abort(reason);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.live?.delete(this);
  }
}
