import { applySiteMemory } from '../../classify/site-memory.js';
import type { ScanReport } from '../../core/report-types.js';
import { scan } from '../../crawl/scan.js';
import type { ScanOptions } from '../../crawl/scan-options.js';
import type { DeliveryRecord } from '../../notify/deliver.js';
import { NotifyError } from '../../notify/notify-error.js';
import { loadNotifySettings, type NotifySettings } from '../../notify/notify-settings.js';
import { Scheduler } from '../../schedule/scheduler.js';
import { storeScheduleSource } from '../../schedule/store-schedule-source.js';
import { validateBlacklistRule, type BlacklistRule } from '../../store/blacklist-rule.js';
import { scanVerdict } from '../../server/scan-runner.js';
import type { Site, Store } from '../../store/store.js';
import { ConfigError, mergeConfig, toScanSettings, type CliConfig } from '../cli-config.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';
import { loadConfigEnv, loadConfigFile } from '../load-config.js';
import { activeScanOf, checkpointOptions, finishRecording, planRecording } from '../scan-recording.js';
import { UsageError } from '../usage-error.js';
import { loadSiteMemory } from './load-site-memory.js';
import { storedReport } from './report-command.js';
import { shortId } from './resolve-refs.js';
import { runWithStore, type StoreCommandOptions } from './store-command.js';

export interface MonitorDeps {
  store: Store;
  io: CliIo;
  /** Scan settings from the config file and environment, as `dislike404 scan` reads them (headless scans only). */
  config: CliConfig;
  notify: NotifySettings;
  clock?: () => Date;
  /** Backoff between delivery retries; injected so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  maxConcurrent?: number;
  /** Engine options the config file cannot express (tests: a DNS lookup, a CA); headless scans only. */
  scanOverrides?: Partial<ScanOptions>;
  /**
   * Runs one scheduled scan to its end and says how it was recorded; null when it did not start
   * (the site is busy). Default: the engine in this process with `config`. `serve` passes the web
   * app's scan runner, so scheduled scans obey the site's settings and quota tier and show live.
   */
  runScan?: (site: Site) => Promise<ScheduledScan | null>;
  /** Webhook and Slack targets on private addresses (default: allowed, as for CLI scans). */
  allowPrivateNetworks?: boolean;
}

/** A scheduled scan as recorded: the judged report and the final status (failed with a one-line reason). */
export interface ScheduledScan {
  scanId: string;
  status: 'completed' | 'aborted' | 'failed';
  failure: string | null;
  report: ScanReport;
}

export interface SiteRun extends ScheduledScan {
  siteId: string;
  deliveries: DeliveryRecord[];
}

export interface Monitor {
  scheduler: Scheduler;
  /** Every finished run, in the order they finished. */
  runs: SiteRun[];
  /** One scheduled scan of one site: recorded, judged by the site's memory, then alerted. */
  runSite(siteId: string): Promise<SiteRun | null>;
  /** Tells the site's channels about a scan that finished elsewhere (an on-demand web scan inside `serve`). */
  alertAfter(site: Site, scan: ScheduledScan): Promise<DeliveryRecord[]>;
}

/** The scheduler wired to the store, the engine (or `runScan`) and the alert channels. */
export function createMonitor(deps: MonitorDeps): Monitor {
  const runs: SiteRun[] = [];
  const runScan = deps.runScan ?? ((site: Site) => headlessScan(deps, site));
  const alertAfter = async (site: Site, scan: ScheduledScan): Promise<DeliveryRecord[]> => {
    // A stopped scan saw only part of the site: everything it missed would read as fixed.
    if (scan.status === 'aborted') return [];
    const before = await previousReport(deps.store, site.id, scan.scanId);
    // A failed scan says only that the start URL is down; what it could not reach is not fixed.
    const seen = new Set(scan.report.findings.map((f) => f.url));
    const previous = before === null || scan.status !== 'failed' ? before : { ...before, findings: before.findings.filter((f) => seen.has(f.url)) };
    const { alertAfterScan } = await import('../../notify/alert-site.js');
    return alertAfterScan(deps.store, site.id, { scanId: scan.scanId, current: scan.report, previous }, {
      settings: deps.notify,
      clock: deps.clock,
      sleep: deps.sleep,
      allowPrivateNetworks: deps.allowPrivateNetworks ?? true,
    });
  };
  const runSite = async (siteId: string): Promise<SiteRun | null> => {
    const site = await deps.store.getSite(siteId);
    if (site === null) return null;
    // A site never has two scans at once, whoever started the other one (web app, CLI, another monitor).
    const active = await activeScanOf(deps.store, site.id);
    if (active !== null) {
      deps.io.stderr.write(`dislike404 monitor: ${site.url}: skipped, scan ${shortId(active.id)} is already running\n`);
      return null;
    }
    const scanned = await runScan(site);
    if (scanned === null) {
      deps.io.stderr.write(`dislike404 monitor: ${site.url}: skipped, a scan of it is already running\n`);
      return null;
    }
    const run: SiteRun = { siteId, ...scanned, deliveries: await alertAfter(site, scanned) };
    runs.push(run);
    deps.io.stderr.write(`${logLine(site.url, run)}\n`);
    return run;
  };
  const scheduler = new Scheduler({
    source: storeScheduleSource(deps.store),
    runSite: async (siteId) => {
      await runSite(siteId);
    },
    clock: deps.clock,
    maxConcurrent: deps.maxConcurrent,
    onError: (siteId, error) => deps.io.stderr.write(`dislike404 monitor: scan of site ${shortId(siteId)} failed: ${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)}\n`),
  });
  return { scheduler, runs, runSite, alertAfter };
}

/** `dislike404 monitor`'s own scan: recorded like `dislike404 scan`, with the CLI config. */
async function headlessScan(deps: MonitorDeps, site: Site): Promise<ScheduledScan> {
  const settings = toScanSettings(deps.config);
  // Not a terminal: an interrupted scan of this site is resumed rather than asked about.
  const plan = await planRecording(deps.store, site.url, { ...settings, headers: Object.keys(settings.headers ?? {}), trigger: 'schedule' }, undefined, {
    ...deps.io,
    ask: () => Promise.resolve('y'),
  });
  const handle = scan({ ...settings, ...deps.scanOverrides, url: site.url, signal: deps.io.signal, ...checkpointOptions(plan) });
  for await (const _event of handle) {
    // Headless: progress events are not shown.
  }
  const raw = await handle.report;
  const memory = await loadSiteMemory(deps.store, site, raw.findings.map((f) => f.url), { scan: plan.scan });
  const report = applySiteMemory(raw, { ...memory, rules: [...memory.rules, ...configRules(deps.config)] });
  const verdict = scanVerdict(report);
  await finishRecording(plan, report, verdict.status === 'failed' ? 'failed' : undefined);
  if (verdict.failure !== null) await deps.store.markScanStatus(plan.scan.id, 'failed', verdict.failure);
  return { scanId: plan.scan.id, ...verdict, report };
}

export interface MonitorCommandOptions extends StoreCommandOptions {
  maxConcurrent?: string;
  once?: boolean;
  config?: string;
  monitorConfig?: string;
}

/** Longest sleep between looks at the store, so schedules changed meanwhile are noticed. */
const POLL_MS = 60_000;

/**
 * `dislike404 monitor`: runs scheduled scans until interrupted (or, with `--once`, the scans due
 * now and exits). Missed runs while it was down run once at start-up.
 */
export function runMonitorCommand(options: MonitorCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const maxConcurrent = options.maxConcurrent === undefined ? 2 : Number(options.maxConcurrent);
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new UsageError(`Expected --max-concurrent to be a positive integer, got ${JSON.stringify(options.maxConcurrent)}`);
    const config = readConfig(io, options.config);
    // Webhooks follow the same network switch as this monitor's scans.
    const monitor = createMonitor({ store, io, config, notify: readNotify(io, options.monitorConfig), maxConcurrent, allowPrivateNetworks: config.allowPrivateNetworks ?? true });
    const stopped = (): boolean => io.signal?.aborted === true;
    await monitor.scheduler.tick();
    while (options.once !== true && !stopped()) {
      const next = await monitor.scheduler.nextWake();
      const wait = next === null ? POLL_MS : Math.min(POLL_MS, Math.max(0, next.getTime() - Date.now()));
      await pause(wait, io.signal);
      if (!stopped()) await monitor.scheduler.tick();
    }
    await monitor.scheduler.idle();
    return EXIT_OK;
  });
}

function readConfig(io: CliIo, path: string | undefined): CliConfig {
  try {
    return mergeConfig(loadConfigFile(io.cwd, path), loadConfigEnv(io.env));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

export function readNotify(io: CliIo, path: string | undefined): NotifySettings {
  try {
    return loadNotifySettings(io.env, io.cwd, path);
  } catch (error) {
    if (error instanceof NotifyError) throw new UsageError(`${error.code}: ${error.message}`, { cause: error });
    throw error;
  }
}

function configRules(config: CliConfig): BlacklistRule[] {
  return (config.blacklist ?? []).flatMap((input, index) => {
    const checked = validateBlacklistRule(input);
    return checked.ok ? [{ ...checked.rule, id: `config-${index + 1}`, siteId: '', createdAt: '' }] : [];
  });
}

/** The finished scan before `scanId`, judged by the memory it had then; null for a first scan. */
async function previousReport(store: Store, siteId: string, scanId: string): Promise<ScanReport | null> {
  const scans = await store.listScans(siteId);
  const at = scans.findIndex((s) => s.id === scanId);
  const before = scans.slice(at + 1).find((s) => s.status === 'completed' && s.summary !== null);
  return before === undefined ? null : storedReport(store, before);
}

function logLine(url: string, run: SiteRun): string {
  if (run.status === 'failed') return `dislike404 monitor: scan of ${url} (scan ${shortId(run.scanId)}) failed: ${run.failure ?? 'unknown reason'}; alerts sent ${run.deliveries.filter((d) => d.outcome === 'delivered').length}`;
  const delivered = run.deliveries.filter((d) => d.outcome === 'delivered').length;
  const failed = run.deliveries.length - delivered;
  const failures = run.deliveries.filter((d) => d.outcome === 'failed').map((d) => `${shortId(d.channelId)} ${d.errorCode ?? ''}`);
  return `dislike404 monitor: scanned ${url} (scan ${shortId(run.scanId)}): ${run.report.summary.broken} broken; alerts sent ${delivered}, failed ${failed}${failures.length > 0 ? ` (${failures.join(', ')})` : ''}`;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
