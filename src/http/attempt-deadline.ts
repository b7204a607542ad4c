/** `code` of the abort reason used when an attempt runs out of time; error-mapping turns it into TIMEOUT. */
export const DEADLINE_ERROR_CODE = 'DISLIKE404_DEADLINE';

export class DeadlineExceededError extends Error {
  readonly code = DEADLINE_ERROR_CODE;

  constructor(timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
    this.name = 'DeadlineExceededError';
  }
}

/**
 * One abort signal per attempt that fires on whichever comes first: the total deadline (connect,
 * headers and body together, so a server dripping a byte a second cannot hold us) or the scan's own
 * abort. Hand-rolled rather than `AbortSignal.any` to avoid its per-call bookkeeping on the hot path.
 */
export class AttemptDeadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly scanSignal: AbortSignal | undefined;

  constructor(timeoutMs: number, scanSignal: AbortSignal | undefined) {
    this.signal = this.controller.signal;
    this.scanSignal = scanSignal;
    this.timer = setTimeout(() => this.controller.abort(new DeadlineExceededError(timeoutMs)), timeoutMs);
    if (scanSignal !== undefined) {
      if (scanSignal.aborted) this.controller.abort(scanSignal.reason);
      else scanSignal.addEventListener('abort', this.onScanAbort, { once: true });
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.scanSignal?.removeEventListener('abort', this.onScanAbort);
  }

  private readonly onScanAbort = (): void => {
    this.controller.abort(this.scanSignal?.reason);
  };
}
