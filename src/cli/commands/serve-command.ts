import type { ScanSettingsInput } from '../../crawl/scan-options.js';
import { smtpMailer } from '../../notify/email-sender.js';
import type { NotifySettings } from '../../notify/notify-settings.js';
import type { QuotasInput } from '../../server/quotas.js';
import type { AppScans } from '../../server/routes/monitoring-routes.js';
import type { FinishedScan } from '../../server/scan-runner.js';
import { StoreError } from '../../store/store-error.js';
import { openStore } from '../../store/store.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { describeStoreError, resolveDatabaseLocation } from '../store-options.js';
import { UsageError } from '../usage-error.js';
import { createMonitor, readNotify, type Monitor, type ScheduledScan } from './monitor-command.js';

export interface ServeOptions {
  port: string;
  host: string;
  db?: string;
  publicUrl?: string;
  allowPrivateNetworks?: boolean;
  maxConcurrent?: string;
  monitorConfig?: string;
}

/** What tests inject; the command line never sets these. */
export interface ServeHooks {
  clock?: () => Date;
  /** Scan options forced on every scan the app runs (tests: short timeouts); the operator's network switch still wins. */
  scanOverrides?: Partial<ScanSettingsInput>;
  /** Backoff between alert delivery retries (tests: no waiting). */
  sleep?: (ms: number) => Promise<void>;
  /** Page caps and daily scans per tier (tests: a small unverified cap). */
  quotas?: QuotasInput;
}

export async function runServe(opts: ServeOptions, io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`dislike404: expected --port to be a port number, got ${JSON.stringify(opts.port)}\n`);
    return EXIT_USAGE;
  }
  // Links in emails are built on it: a typo here would only show up in a user's inbox.
  if (opts.publicUrl !== undefined && !/^https?:\/\/[^/?#\s]+(\/[^\s]*)?$/i.test(opts.publicUrl)) {
    io.stderr.write(`dislike404: expected --public-url to be an http(s) URL such as https://links.example.com, got ${JSON.stringify(opts.publicUrl)}\n`);
    return EXIT_USAGE;
  }
  let monitorSettings: MonitorSettings;
  try {
    monitorSettings = readMonitorSettings(opts, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`dislike404: ${error.message}\n`);
    return EXIT_USAGE;
  }
  // Loaded on demand: the web stack is heavy, and `dislike404 scan` should not pay for it.
  const { buildApp, apiRateLimitFromEnv } = await import('../../server/app.js');
  let apiRateLimit: ReturnType<typeof apiRateLimitFromEnv>;
  try {
    apiRateLimit = apiRateLimitFromEnv(io.env);
  } catch (error) {
    io.stderr.write(`dislike404: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_USAGE;
  }
  const location = resolveDatabaseLocation(opts.db, io.env, io.cwd);
  let store;
  let accounts;
  try {
    store = await openStore(location);
    const { openAccountsStore } = await import('../../store/open-accounts-store.js');
    accounts = await openAccountsStore(location);
  } catch (error) {
    await store?.close();
    if (!(error instanceof StoreError)) throw error;
    io.stderr.write(`dislike404: ${describeStoreError(error)}\n`);
    return EXIT_USAGE;
  }
  // Off unless the operator opts in: the flag, or DISLIKE404_ALLOW_PRIVATE_NETWORKS=1.
  const allowPrivateNetworks = opts.allowPrivateNetworks === true || io.env.DISLIKE404_ALLOW_PRIVATE_NETWORKS === '1';
  const publicUrl = opts.publicUrl ?? `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  // Emails link back to this server unless the operator named another base URL.
  const notify: NotifySettings = { ...monitorSettings.notify, reportBaseUrl: monitorSettings.notify.reportBaseUrl ?? publicUrl };
  let scans: AppScans | null = null;
  const app = await buildApp({
    store,
    accounts,
    apiRateLimit,
    allowPrivateNetworks,
    publicUrl,
    unsubscribeSecret: notify.unsubscribeSecret,
    notify,
    ...(notify.smtp === null ? {} : { mailer: smtpMailer(notify.smtp) }),
    ...(hooks.scanOverrides === undefined ? {} : { scanOverrides: hooks.scanOverrides }),
    ...(hooks.clock === undefined ? {} : { clock: hooks.clock }),
    ...(hooks.quotas === undefined ? {} : { quotas: hooks.quotas }),
    ...(hooks.sleep === undefined ? {} : { deliverOptions: { sleep: hooks.sleep } }),
    onScans: (s) => (scans = s),
    logger: true,
  });
  if (scans === null) throw new Error('the web app did not hand over its scans');
  const appScans: AppScans = scans;
  let address: string;
  try {
    address = await app.listen({ port, host: opts.host });
  } catch (error) {
    const problem = listenProblem(error, opts.host, port);
    if (problem === null) throw error;
    io.stderr.write(`dislike404: ${problem}\n`);
    await app.close();
    await accounts.close();
    await store.close();
    return EXIT_USAGE;
  }
  io.stderr.write(`dislike404: serving on ${address}${allowPrivateNetworks ? ' (private networks allowed)' : ''}\n`);
  if (notify.smtp === null) io.stderr.write('dislike404: password reset by email is disabled: no SMTP server configured (set DISLIKE404_SMTP_HOST and DISLIKE404_SMTP_FROM)\n');

  const stopMonitor = new AbortController();
  const monitor = createMonitor({
    store,
    io: { ...io, signal: stopMonitor.signal },
    config: {},
    notify,
    clock: hooks.clock,
    sleep: hooks.sleep,
    maxConcurrent: monitorSettings.maxConcurrent,
    allowPrivateNetworks,
    // Scheduled scans are the web app's scans: the site's settings, its tier's page cap, live progress.
    runScan: async (site) => {
      if (stopMonitor.signal.aborted) return null;
      const finished = await appScans.runScheduled(site);
      return finished === null ? null : recorded(finished);
    },
  });
  // Scans started from the web app or the APIs alert too; scheduled ones are alerted by the monitor.
  appScans.onFinished(async (finished) => {
    if (finished.trigger === 'schedule' || finished.report === null) return;
    const deliveries = await monitor.alertAfter(finished.site, recorded(finished));
    const failed = deliveries.filter((d) => d.outcome === 'failed');
    if (failed.length > 0) app.log.warn({ siteId: finished.site.id, failed: failed.map((d) => d.errorCode) }, 'alert delivery failed');
  });
  const monitoring = runMonitorLoop(monitor, stopMonitor.signal, hooks.clock ?? (() => new Date()), (message) => app.log.error(message));

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    io.signal?.addEventListener('abort', stop, { once: true });
  });
  stopMonitor.abort();
  // Closing the app aborts running scans; each still records what it found before the loop ends.
  await app.close();
  await monitoring;
  await accounts.close();
  await store.close();
  return EXIT_OK;
}

interface MonitorSettings {
  notify: NotifySettings;
  maxConcurrent: number;
}

/** Read before the store opens, so a bad flag or file fails fast; throws UsageError. */
function readMonitorSettings(opts: ServeOptions, io: CliIo): MonitorSettings {
  const maxConcurrent = opts.maxConcurrent === undefined ? 2 : Number(opts.maxConcurrent);
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new UsageError(`Expected --max-concurrent to be a positive integer, got ${JSON.stringify(opts.maxConcurrent)}`);
  return { notify: readNotify(io, opts.monitorConfig), maxConcurrent };
}

/** A runner scan as the monitor records it; a scan that could not even be recorded is an error to log. */
function recorded(finished: FinishedScan): ScheduledScan {
  if (finished.report === null) throw new Error(finished.failure ?? 'scan failed');
  return { scanId: finished.scanId, status: finished.status, failure: finished.failure, report: finished.report };
}

/** Longest sleep between looks at the store, so schedules changed in the web app are noticed. */
const POLL_MS = 60_000;
/** Shortest sleep: a due site waiting for a free slot must not make the loop spin. */
const MIN_WAIT_MS = 1_000;

/**
 * The server's copy of `dislike404 monitor`'s wait-and-tick loop (the scheduling itself is the
 * monitor's): the first tick runs scans missed while the server was down, once each.
 */
async function runMonitorLoop(monitor: Monitor, signal: AbortSignal, clock: () => Date, log: (message: string) => void): Promise<void> {
  const tick = async (): Promise<void> => {
    try {
      await monitor.scheduler.tick();
    } catch (error) {
      // A store hiccup must not stop the web app; the next tick tries again.
      log(`scheduled scans: could not read schedules: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await tick();
  while (!signal.aborted) {
    const next = await monitor.scheduler.nextWake().catch(() => null);
    const wait = next === null ? POLL_MS : Math.min(POLL_MS, Math.max(MIN_WAIT_MS, next.getTime() - clock().getTime()));
    await pause(wait, signal);
    if (!signal.aborted) await tick();
  }
  await monitor.scheduler.idle();
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** One line for the ways listening fails because of the machine or the flags, not a bug; null otherwise. */
function listenProblem(error: unknown, host: string, port: number): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') return `${host}:${port} is already in use (another dislike404 serve?); stop it or pass --port N`;
  if (code === 'EACCES') return `not allowed to listen on ${host}:${port}; use a port above 1023 or run with the needed rights`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `cannot listen on ${host}: no such address on this machine; check --host`;
  return null;
}
