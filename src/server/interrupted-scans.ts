import { isScanAlive } from '../store/active-scan.js';
import type { Scan, Site, Store } from '../store/store.js';

/** The failure line of a web-app scan whose process stopped (crash, deploy, restart) mid-scan. */
export const INTERRUPTED_BY_RESTART = 'Interrupted by a server restart; start a new scan to check the site again';
/** The same for a CLI site's scan: the server cannot know why that process stopped. */
export const INTERRUPTED_ELSEWHERE = 'Interrupted: the process running this scan stopped before it finished';

/** Recent scans looked at per site; only a site's latest scans can still read running. */
const SCANS_PER_SITE = 50;
/** A scan alive at startup is looked at again after this long (the staleness window plus a margin). */
const RECHECK_AFTER_MS = 35_000;

export interface InterruptedScanSweepOptions {
  store: Store;
  now: () => Date;
  /** Failures of the background rechecks, which no request waits for. */
  onError?: (error: unknown) => void;
  /**
   * True while this process runs a scan of the site: a scan here may go quiet for longer than the
   * liveness window (one slow host) and must not be marked by a recheck meanwhile.
   */
  isRunningHere?: (siteId: string) => boolean;
  /** Tests shorten it; default 35 s. */
  recheckAfterMs?: number;
}

export interface InterruptedScanSweep {
  /** Scans this sweep marked interrupted at startup. */
  readonly interrupted: readonly Scan[];
  /** Resolves once no recheck is pending (tests). */
  settled(): Promise<void>;
  /** Cancels pending rechecks (app close). */
  close(): void;
}

/**
 * Run when the server starts: every scan still `queued` or `running` in the store whose process is
 * gone (no checkpoint within the liveness window, see `isScanAlive`) is marked `interrupted` with a
 * failure line saying so, so pages and APIs stop showing it as running forever. A scan that looks
 * alive (a CLI scan, another server, or a process that died seconds ago) is left alone and looked at
 * again once it could have gone stale; it is marked only if by then it has stopped checkpointing.
 */
export async function sweepInterruptedScans(options: InterruptedScanSweepOptions): Promise<InterruptedScanSweep> {
  const { store, now } = options;
  const recheckAfterMs = options.recheckAfterMs ?? RECHECK_AFTER_MS;
  const timers = new Set<NodeJS.Timeout>();
  const pending = new Set<Promise<void>>();
  let closed = false;

  // A queued row has no checkpoints yet: it is judged by its age, with the same window.
  const alive = (scan: Scan): boolean => isScanAlive({ ...scan, status: 'running' }, now().getTime()) || (options.isRunningHere?.(scan.siteId) ?? false);

  /** Re-reads the row right before writing, so a scan that finished meanwhile keeps its status. */
  async function markIfAbandoned(site: Site, id: string): Promise<Scan | null> {
    const scan = await store.getScan(id);
    if (scan === null || (scan.status !== 'running' && scan.status !== 'queued')) return null;
    if (alive(scan)) {
      recheck(site, id);
      return null;
    }
    return store.markScanStatus(id, 'interrupted', site.owner === null ? INTERRUPTED_ELSEWHERE : INTERRUPTED_BY_RESTART);
  }

  function recheck(site: Site, id: string): void {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const work = markIfAbandoned(site, id).then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      );
      pending.add(work);
      void work.finally(() => pending.delete(work));
    }, recheckAfterMs);
    timer.unref();
    timers.add(timer);
  }

  const interrupted: Scan[] = [];
  for (const site of await store.listSites()) {
    for (const scan of await store.listScans(site.id, { limit: SCANS_PER_SITE })) {
      if (scan.status !== 'running' && scan.status !== 'queued') continue;
      const marked = await markIfAbandoned(site, scan.id);
      if (marked !== null) interrupted.push(marked);
    }
  }

  return {
    interrupted,
    async settled() {
      while (timers.size > 0 || pending.size > 0) {
        await (pending.size > 0 ? Promise.all(pending) : new Promise((resolve) => setTimeout(resolve, 10)));
      }
    },
    close() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
