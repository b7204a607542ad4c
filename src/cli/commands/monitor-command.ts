import { Option, type Command } from 'commander';
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
import type { Store } from '../../store/store.js';
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
  /** Scan settings from the config file and environment, as `dislike404 scan` reads them. */
  config: CliConfig;
  notify: NotifySettings;
  clock?: () => Date;
  /** Backoff between delivery retries; injected so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  maxConcurrent?: number;
  /** Engine options the config file cannot express (tests: a DNS lookup, a CA). */
  scanOverrides?: Partial<ScanOptions>;
}

export interface SiteRun {
  siteId: string;
  scanId: string;
  report: ScanReport;
  deliveries: DeliveryRecord[];
}

export interface Monitor {
  scheduler: Scheduler;
  /** Every finished run, in the order they finished. */
  runs: SiteRun[];
  /** One scheduled scan of one site: recorded like `dislike404 scan`, judged by the site's memory, then alerted. */
  runSite(siteId: string): Promise<SiteRun | null>;
}

/** The scheduler wired to the store, the engine and the alert channels. */
export function createMonitor(deps: MonitorDeps): Monitor {
  const runs: SiteRun[] = [];
  const runSite = async (siteId: string): Promise<SiteRun | null> => {
    const site = await deps.store.getSite(siteId);
    if (site === null) return null;
    // A site never has two scans at once, whoever started the other one (web app, CLI, another monitor).
    const active = await activeScanOf(deps.store, site.id);
    if (active !== null) {
      deps.io.stderr.write(`dislike404 monitor: ${site.url}: skipped, scan ${shortId(active.id)} is already running\n`);
      return null;
    }
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
    await finishRecording(plan, report);
    const previous = await previousReport(deps.store, site.id, plan.scan.id);
    const { alertAfterScan } = await import('../../notify/alert-site.js');
    const deliveries = await alertAfterScan(deps.store, site.id, { scanId: plan.scan.id, current: report, previous }, { settings: deps.notify, clock: deps.clock, sleep: deps.sleep });
    const run = { siteId, scanId: plan.scan.id, report, deliveries };
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
  return { scheduler, runs, runSite };
}

export interface MonitorCommandOptions extends StoreCommandOptions {
  maxConcurrent?: string;
  once?: boolean;
  config?: string;
  monitorConfig?: string;
}

export function registerMonitorCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('monitor')
    .description('run scheduled scans (see sites schedule) and send alerts (see alerts add) until interrupted')
    .option('--max-concurrent <n>', 'scans running at once across all sites (default: 2)')
    .option('--once', 'run the scans due now (including missed ones), then exit')
    .option('-c, --config <file>', 'scan options file (default: ./dislike404.config.json when present)')
    .option('--monitor-config <file>', 'SMTP and link settings (default: ./dislike404.monitor.json when present)')
    .addOption(new Option('--db <path|postgres-url>', 'database to use'))
    .action(async (opts: MonitorCommandOptions) => setExitCode(await runMonitorCommand(opts, io)));
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
    const monitor = createMonitor({ store, io, config: readConfig(io, options.config), notify: readNotify(io, options.monitorConfig), maxConcurrent });
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
