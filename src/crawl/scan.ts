import type { ScanReport } from '../core/report-types.js';
import type { ScanEvent, ScanProgress } from './scan-events.js';
import { scanSettingsSchema, type ScanOptions } from './scan-options.js';
import { ScanRun } from './scan-run.js';
import { ScanOptionsError } from './scan-options-error.js';
import { parseStartUrl } from './start-url.js';

export { ScanOptionsError };

export interface ScanHandle extends AsyncIterable<ScanEvent> {
  /** Resolves with the final report when the scan ends (normally, on a limit, or when aborted). */
  readonly report: Promise<ScanReport>;
  /** Live counters, cheap to call. */
  progress(): ScanProgress;
  /** Stop now; the report still arrives, with `aborted` among its limits. */
  abort(): void;
}

/**
 * Start a scan. Options are validated up front (throws ScanOptionsError with a one-line message);
 * everything that happens after that is an outcome in the report, never an exception.
 * Iterate the handle for live events; await `report` for the result.
 */
export function scan(options: ScanOptions): ScanHandle {
  const { url, lookup: _lookup, ca: _ca, signal: _signal, checkpoint: _checkpoint, resume: _resume, ...rest } = options;
  const start = parseStartUrl(url);
  const parsed = scanSettingsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ScanOptionsError(`invalid option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const run = new ScanRun(parsed.data, { ...options, url: start.href });
  const handle: ScanHandle = {
    report: run.done,
    progress: () => run.progress(),
    abort: () => run.abort(),
    [Symbol.asyncIterator]: () => run.events.subscribe(),
  };
  // Start on the next tick so a caller can subscribe to the very first event.
  setImmediate(() => run.start());
  return handle;
}
