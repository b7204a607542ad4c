import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SKIP_CODES } from '../core/error-codes.js';
import type { Finding, ScanReport } from '../core/report-types.js';
import { normalizeUrl } from '../crawl/normalize-url.js';
import { scan } from '../crawl/scan.js';
import { applySiteMemory, DEFAULT_FAILURE_THRESHOLD, isSuppressed, type SiteMemory } from '../classify/site-memory.js';
import { validateBlacklistRule, type BlacklistRule } from '../store/blacklist-rule.js';
import type { ScanOptions } from '../crawl/scan-options.js';
import { defaultDatabasePath, openStore } from '../store/store.js';
import type { RecordingPlan } from './scan-recording.js';
import { parseStartUrl } from '../crawl/start-url.js';
import { jsonReportChunks } from '../report/json-report-chunks.js';
import type { ReportFormat } from '../report/report-formats.js';
import { ConfigError, mergeConfig, parseConfigLayer, toScanSettings, type CliConfig } from './cli-config.js';
import type { CliIo } from './cli-io.js';
import { writeChunksToFile, writeChunksToStream } from './report-output.js';
import { EXIT_BROKEN, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { flagName, loadConfigEnv, loadConfigFile } from './load-config.js';

// Loaded only when used: recording (not with --no-store) and the progress display (a terminal, not --quiet).
const recording = () => import('./scan-recording.js');
const siteMemoryLoader = () => import('./commands/load-site-memory.js');
const progressDisplay = () => import('./progress-display.js');

/**
 * `dislike404 scan <url>`: merge configuration (defaults < file < env < flags), run the engine,
 * show progress, write the report, and turn the outcome into an exit code.
 */
export async function runScanCommand(
  url: string,
  flags: Record<string, unknown>,
  configPath: string | undefined,
  resumeId: string | undefined,
  io: CliIo,
): Promise<number> {
  const fileLayer = loadConfigFile(io.cwd, configPath);
  const envLayer = loadConfigEnv(io.env);
  const flagLayer = parseConfigLayer(flags, 'command line', flagName);
  const config = mergeConfig(fileLayer, envLayer, flagLayer);
  const start = parseStartUrl(url);

  const settings = toScanSettings(config);
  configRules(config); // a broken blacklist rule is a config error before anything is fetched
  const store = config.store === false ? null : await openStore(config.db ?? defaultDatabasePath(io.env));
  try {
    const plan = store ? await (await recording()).planRecording(store, start.href, { ...settings, headers: Object.keys(settings.headers ?? {}) }, resumeId, io) : null;
    if (plan?.resume && !config.quiet) io.stderr.write(`dislike404: resuming scan ${plan.scan.id} (${plan.resume.entries.filter((e) => e.state === 'done').length} URLs already checked)\n`);
    const checkpoint = plan ? (await recording()).checkpointOptions(plan) : {};
    return await runAndReport({ ...settings, url: start.href, signal: io.signal, ...checkpoint }, config, io, plan);
  } finally {
    await store?.close();
  }
}

async function runAndReport(options: ScanOptions, config: CliConfig, io: CliIo, plan: RecordingPlan | null): Promise<number> {
  const format: ReportFormat = config.format ?? 'text';
  const report = await scanWithMemory(options, config, io, plan);
  const startProblem = unusableStart(report);
  if (plan) await (await recording()).finishRecording(plan, report, startProblem === null ? undefined : 'failed');
  if (startProblem) {
    io.stderr.write(`dislike404: cannot scan ${report.summary.startUrl}: ${startProblem}\n`);
    return EXIT_USAGE;
  }

  if (format === 'json') {
    // Streamed: on a large site the report text alone would add a hundred megabytes to the peak.
    if (config.output) writeChunksToFile(resolve(io.cwd, config.output), jsonReportChunks(report));
    else await writeChunksToStream(io.stdout, jsonReportChunks(report));
    return finishOutput(report, config, io);
  }
  // Loaded here: a JSON scan (the common machine-readable case) never needs the seven renderers.
  const { renderReport } = await import('../report/render-report.js');
  const rendered = renderReport(report, format, {
    color: format === 'text' && !config.output && io.stdoutIsTTY,
    showAll: config.all ?? false,
    showSuppressed: config.showSuppressed ?? false,
  });
  if (config.output) {
    writeFileSync(resolve(io.cwd, config.output), rendered);
  } else {
    io.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
  }
  return finishOutput(report, config, io);
}

/**
 * Runs the engine with the progress display, then applies the site's memory. Kept apart so the
 * scan's handle (and with it every per-URL record of the run) is garbage once the report exists,
 * before the report is rendered.
 */
async function scanWithMemory(options: ScanOptions, config: CliConfig, io: CliIo, plan: RecordingPlan | null): Promise<ScanReport> {
  const display = io.stderrIsTTY && !config.quiet ? new (await progressDisplay()).ProgressDisplay(io.stderr) : null;
  const handle = scan(options);
  for await (const event of handle) {
    if (event.type === 'progress') display?.render(event.progress);
    else if (event.type === 'robots' && event.source === 'unreachable' && event.status !== null && !config.quiet) {
      display?.done();
      io.stderr.write(`dislike404: warning: ${event.origin}/robots.txt could not be fetched (HTTP ${event.status}); per RFC 9309 the site is treated as fully disallowed. Use --ignore-robots on your own site.\n`);
    }
  }
  display?.done();
  const raw = await handle.report;
  return applySiteMemory(raw, await siteMemory(config, plan, raw.findings));
}

function finishOutput(report: ScanReport, config: CliConfig, io: CliIo): number {
  if (config.output && !config.quiet) io.stderr.write(`${oneLineSummary(report)}\nReport written to ${config.output}\n`);
  return hasErrors(report.findings) ? EXIT_BROKEN : EXIT_OK;
}

function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error' && !isSuppressed(f));
}

/**
 * The site's blacklist (stored rules plus the config file's) and its history from earlier scans,
 * which decide what is suppressed and when a flaky external link counts as broken.
 */
async function siteMemory(config: CliConfig, plan: RecordingPlan | null, findings: Finding[]): Promise<SiteMemory> {
  const fromConfig = configRules(config);
  if (!plan) return { rules: fromConfig, history: new Map(), failureThreshold: config.failureThreshold ?? DEFAULT_FAILURE_THRESHOLD };
  const { loadSiteMemory } = await siteMemoryLoader();
  const stored = await loadSiteMemory(plan.store, plan.site, findings.map((f) => f.url), { scan: plan.scan });
  return { ...stored, rules: [...stored.rules, ...fromConfig], failureThreshold: config.failureThreshold ?? stored.failureThreshold };
}

function configRules(config: CliConfig): BlacklistRule[] {
  return (config.blacklist ?? []).map((input, index) => {
    const checked = validateBlacklistRule(input);
    if (!checked.ok) throw new ConfigError(`option "blacklist[${index}].${checked.field}": ${checked.message}`);
    return { ...checked.rule, id: `config-${index + 1}`, siteId: '', createdAt: '' };
  });
}

/** The start URL gave no HTTP answer at all (DNS, refused, TLS...): nothing was scanned. */
function unusableStart(report: ScanReport): string | null {
  const startKey = normalizeUrl(report.summary.startUrl)?.key ?? report.summary.startUrl;
  const start = report.findings.find((f) => f.url === startKey);
  if (!start || start.status !== null || start.error === null || SKIP_CODES.has(start.error)) return null;
  return `${start.error}${start.errorDetail ? ` (${start.errorDetail})` : ''}`;
}

function oneLineSummary(report: ScanReport): string {
  const s = report.summary;
  return `${s.pagesCrawled} pages crawled, ${s.urlsChecked} URLs checked, ${s.broken} broken, in ${(s.durationMs / 1000).toFixed(1)}s`;
}

export type { CliConfig };
