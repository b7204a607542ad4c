import { applySiteMemory, DEFAULT_FAILURE_THRESHOLD, HISTORY_WINDOW } from '../classify/site-memory.js';
import type { ScanReport } from '../core/report-types.js';
import { TOOL_VERSION } from '../core/tool-info.js';
import { scan, type ScanHandle } from '../crawl/scan.js';
import type { ScanProgress } from '../crawl/scan-events.js';
import { scanSettingsSchema, type ScanSettingsInput } from '../crawl/scan-options.js';
import type { Scan, Site, Store } from '../store/store.js';
import { activeScanOf } from '../store/active-scan.js';
import type { ScanEventsHub } from './scan-events-hub.js';
import { ServerError } from './server-error.js';

/** Site settings a user may choose; everything else (politeness, network policy) is the operator's. */
const USER_SETTINGS = ['include', 'exclude', 'includeSubdomains', 'maxDepth', 'checkExternal', 'checkFragments', 'protectedPaths', 'severityOverrides'] as const;
/** The same per-host politeness whoever asks, so the server cannot be used to flood a site. */
const MAX_HOST_CONCURRENCY = 4;
const FINDINGS_CHUNK = 5000;

/** Who asked for a scan: a user (web app, API, plugin) or a site's schedule. */
export type ScanTrigger = 'on-demand' | 'schedule';

/** A scan this runner finished, as recorded; `report` is judged by the site's memory (null if recording failed). */
export interface FinishedScan {
  site: Site;
  scanId: string;
  trigger: ScanTrigger;
  status: 'completed' | 'aborted' | 'failed';
  /** One line saying why the scan failed; null otherwise. */
  failure: string | null;
  report: ScanReport | null;
}

export type FinishedListener = (finished: FinishedScan) => void | Promise<void>;

interface RunningScan {
  scanId: string | null;
  handle: ScanHandle | null;
  finished: Promise<void>;
  result: FinishedScan | null;
}

export interface ScanRunnerOptions {
  store: Store;
  allowPrivateNetworks: boolean;
  /** Scan options the operator forces on every scan (tests lower timeouts, for instance). */
  overrides?: Partial<ScanSettingsInput>;
  /** Called with failures of the background work, which no request is waiting for. */
  onError?: (error: unknown, scanId: string | null) => void;
  /** Receives progress while a scan runs and `done` once its row is final (live pages). */
  events?: ScanEventsHub;
}

/**
 * Runs scans in this process, one per site at a time, recording them in the store the way the CLI
 * does (checkpoints while running, findings judged by the site's blacklist and history at the end).
 */
export class ScanRunner {
  readonly #options: ScanRunnerOptions;
  readonly #running = new Map<string, RunningScan>();
  readonly #listeners = new Set<FinishedListener>();
  /** Each finished scan's recording and listeners, which may outlive the site's slot. */
  readonly #afterwork = new Set<Promise<void>>();

  constructor(options: ScanRunnerOptions) {
    this.#options = options;
  }

  isRunning(siteId: string): boolean {
    return this.#running.has(siteId);
  }

  /** Live counters of the site's running scan, or null when none runs here. */
  progress(siteId: string): ScanProgress | null {
    return this.#running.get(siteId)?.handle?.progress() ?? null;
  }

  /** Creates the scan row and starts the engine; resolves once the scan is recorded as running. */
  async start(site: Site, limits: { maxPages: number; trigger?: ScanTrigger }): Promise<Scan> {
    return (await this.#begin(site, limits)).row;
  }

  /**
   * Continues a scan a dead process left `interrupted`, from its last checkpoint: what was checked
   * is not fetched again. Same rules as `start` (one scan per site, the site's settings and cap).
   */
  async resume(site: Site, interrupted: Scan, limits: { maxPages: number }): Promise<Scan> {
    if (interrupted.siteId !== site.id || interrupted.status !== 'interrupted') {
      throw new ServerError('SCAN_NOT_RESUMABLE', `This scan is ${interrupted.status}; only an interrupted scan can be resumed`);
    }
    return (await this.#begin(site, { ...limits, trigger: 'on-demand' }, interrupted)).row;
  }

  /** Starts a scan like `start` and resolves once it is recorded as finished (scheduled scans wait for their slot). */
  async run(site: Site, limits: { maxPages: number; trigger?: ScanTrigger }): Promise<FinishedScan> {
    const { row, entry } = await this.#begin(site, limits);
    await entry.finished;
    return entry.result ?? { site, scanId: row.id, trigger: limits.trigger ?? 'on-demand', status: 'failed', failure: 'scan failed', report: null };
  }

  /**
   * Calls `listener` after every scan this runner records as finished (alerts hook in here), before
   * `idle()` resolves. Its failures go to `onError`. Returns a function that removes it.
   */
  onFinished(listener: FinishedListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #begin(site: Site, limits: { maxPages: number; trigger?: ScanTrigger }, resumed?: Scan): Promise<{ row: Scan; entry: RunningScan }> {
    if (this.#running.has(site.id)) throw new ServerError('SCAN_ALREADY_RUNNING', 'A scan of this site is already running');
    let release = (): void => undefined;
    const trigger = limits.trigger ?? 'on-demand';
    // Reserved before the first await, so two simultaneous requests cannot both start a scan.
    const entry: RunningScan = { scanId: null, handle: null, finished: new Promise((resolve) => (release = resolve)), result: null };
    this.#running.set(site.id, entry);
    try {
      // A scan of this site running in another process (CLI, monitor) counts too.
      if ((await activeScanOf(this.#options.store, site.id)) !== null) {
        throw new ServerError('SCAN_ALREADY_RUNNING', 'A scan of this site is already running');
      }
      const settings = this.#settingsFor(site, limits.maxPages);
      const store = this.#options.store;
      const row =
        resumed === undefined
          ? await store.createScan({ siteId: site.id, options: { ...settings, headers: [], trigger }, status: 'running', toolVersion: TOOL_VERSION })
          : await store.markScanStatus(resumed.id, 'running');
      const resume = resumed === undefined ? undefined : await store.loadCheckpoint(resumed.id);
      entry.scanId = row.id;
      entry.handle = scan({ ...settings, url: site.url, checkpoint: (batch) => store.checkpoint(row.id, batch), ...(resume === undefined ? {} : { resume }) });
      let freed = false;
      // The site is free as soon as its scan is recorded: alert deliveries (with their retries)
      // run afterwards and must not hold up the next scan or keep a Stop button on the page.
      const free = (): void => {
        if (freed) return;
        freed = true;
        this.#running.delete(site.id);
        release();
      };
      const work = this.#finish(site, row.id, trigger, entry, free).finally(free);
      this.#afterwork.add(work);
      void work.finally(() => this.#afterwork.delete(work));
      return { row, entry };
    } catch (error) {
      this.#running.delete(site.id);
      release();
      throw error;
    }
  }

  /** Asks the site's running scan to stop; it still records what it found. False when none runs. */
  abort(siteId: string): boolean {
    const handle = this.#running.get(siteId)?.handle;
    handle?.abort();
    return handle !== undefined && handle !== null;
  }

  /** Resolves when no scan is running (tests; graceful shutdown). */
  /** Resolves when no scan is running and every finished scan's listeners (alerts) are done. */
  async idle(): Promise<void> {
    while (this.#running.size > 0 || this.#afterwork.size > 0) {
      await Promise.all([...[...this.#running.values()].map((r) => r.finished), ...this.#afterwork]);
    }
  }

  /** Aborts every scan and waits until each has recorded its partial result. */
  async close(): Promise<void> {
    for (const running of this.#running.values()) running.handle?.abort();
    await this.idle();
  }

  #settingsFor(site: Site, maxPages: number): ScanSettingsInput {
    const chosen: Record<string, unknown> = {};
    for (const key of USER_SETTINGS) if (site.settings[key] !== undefined) chosen[key] = site.settings[key];
    const requested = typeof site.settings.maxPages === 'number' ? site.settings.maxPages : maxPages;
    const overrides = this.#options.overrides ?? {};
    const settings: ScanSettingsInput = {
      ...chosen,
      ...overrides,
      maxPages: Math.min(requested, maxPages),
      hostConcurrency: Math.min(overrides.hostConcurrency ?? MAX_HOST_CONCURRENCY, MAX_HOST_CONCURRENCY),
      allowPrivateNetworks: this.#options.allowPrivateNetworks,
    };
    const parsed = scanSettingsSchema.safeParse(settings);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ServerError('INVALID_INPUT', `The site's settings are invalid: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    return settings;
  }

  async #finish(site: Site, scanId: string, trigger: ScanTrigger, entry: RunningScan, free: () => void): Promise<void> {
    const store = this.#options.store;
    const handle = entry.handle as ScanHandle;
    try {
      // Draining the events keeps the engine's channel from buffering them all.
      for await (const event of handle) if (event.type === 'progress') this.#options.events?.publish(scanId, event);
      const raw = await handle.report;
      const urls = raw.findings.map((f) => f.url);
      const memory = {
        rules: await store.listBlacklistRules(site.id),
        history: await store.urlHistory(site.id, urls, HISTORY_WINDOW),
        failureThreshold: failureThreshold(site.settings),
      };
      const report = applySiteMemory(raw, memory);
      for (let i = 0; i < report.findings.length; i += FINDINGS_CHUNK) {
        await store.saveFindings(scanId, report.findings.slice(i, i + FINDINGS_CHUNK));
      }
      const verdict = scanVerdict(report);
      await store.finishScan(scanId, { status: verdict.status, summary: report.summary });
      if (verdict.failure !== null) await store.markScanStatus(scanId, 'failed', verdict.failure);
      entry.result = { site, scanId, trigger, ...verdict, report };
    } catch (error) {
      this.#options.onError?.(error, scanId);
      const failure = error instanceof Error ? (error.message.split('\n')[0] ?? 'scan failed') : 'scan failed';
      await store.markScanStatus(scanId, 'failed', failure).catch(() => undefined);
      entry.result = { site, scanId, trigger, status: 'failed', failure, report: null };
    }
    this.#options.events?.publish(scanId, { type: 'done' });
    free();
    for (const listener of this.#listeners) {
      try {
        await listener(entry.result);
      } catch (error) {
        this.#options.onError?.(error, scanId);
      }
    }
  }
}

/**
 * How a finished scan is recorded: aborted when stopped; failed, with a one-line reason, when the
 * start URL gave no answer at all (DNS, refused, blocked address...), since nothing was scanned;
 * else completed. The web runner and `dislike404 monitor` share this rule.
 */
export function scanVerdict(report: ScanReport): { status: 'completed' | 'aborted' | 'failed'; failure: string | null } {
  if (report.summary.limitsHit.includes('aborted')) return { status: 'aborted', failure: null };
  const start = report.findings.find((f) => f.url === report.summary.startUrl);
  if (report.summary.pagesCrawled === 0 && start !== undefined && start.status === null && start.error !== null) {
    const detail = start.errorDetail === null ? '' : `: ${start.errorDetail.split('\n')[0]}`;
    return { status: 'failed', failure: `The start URL could not be fetched (${start.error}${detail})` };
  }
  return { status: 'completed', failure: null };
}

function failureThreshold(settings: Record<string, unknown>): number {
  const value = settings.failureThreshold;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_FAILURE_THRESHOLD;
}
