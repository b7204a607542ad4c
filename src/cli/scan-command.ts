import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SKIP_CODES } from '../core/error-codes.js';
import type { Finding, ScanReport } from '../core/report-types.js';
import { normalizeUrl } from '../crawl/normalize-url.js';
import { scan } from '../crawl/scan.js';
import type { ScanOptions } from '../crawl/scan-options.js';
import { defaultDatabasePath, openStore } from '../store/store.js';
import { checkpointOptions, finishRecording, planRecording, type RecordingPlan } from './scan-recording.js';
import { parseStartUrl } from '../crawl/start-url.js';
import { renderReport, type ReportFormat } from '../report/render-report.js';
import { mergeConfig, parseConfigLayer, toScanSettings, type CliConfig } from './cli-config.js';
import type { CliIo } from './cli-io.js';
import { EXIT_BROKEN, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { flagName, loadConfigEnv, loadConfigFile } from './load-config.js';
import { ProgressDisplay } from './progress-display.js';

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
  const store = config.store === false ? null : await openStore(config.db ?? defaultDatabasePath(io.env));
  try {
    const plan = store ? await planRecording(store, start.href, { ...settings, headers: Object.keys(settings.headers ?? {}) }, resumeId, io) : null;
    if (plan?.resume && !config.quiet) io.stderr.write(`dislike404: resuming scan ${plan.scan.id} (${plan.resume.entries.filter((e) => e.state === 'done').length} URLs already checked)\n`);
    return await runAndReport({ ...settings, url: start.href, signal: io.signal, ...(plan ? checkpointOptions(plan) : {}) }, config, io, plan);
  } finally {
    await store?.close();
  }
}

async function runAndReport(options: ScanOptions, config: CliConfig, io: CliIo, plan: RecordingPlan | null): Promise<number> {
  const format: ReportFormat = config.format ?? 'text';
  const handle = scan(options);
  const display = io.stderrIsTTY && !config.quiet ? new ProgressDisplay(io.stderr) : null;
  for await (const event of handle) {
    if (event.type === 'progress') display?.render(event.progress);
    else if (event.type === 'robots' && event.source === 'unreachable' && event.status !== null && !config.quiet) {
      display?.done();
      io.stderr.write(`dislike404: warning: ${event.origin}/robots.txt could not be fetched (HTTP ${event.status}); per RFC 9309 the site is treated as fully disallowed. Use --ignore-robots on your own site.\n`);
    }
  }
  display?.done();
  const report = await handle.report;
  const startProblem = unusableStart(report);
  if (plan) await finishRecording(plan, report, startProblem === null ? undefined : 'failed');
  if (startProblem) {
    io.stderr.write(`dislike404: cannot scan ${report.summary.startUrl}: ${startProblem}\n`);
    return EXIT_USAGE;
  }

  const rendered = renderReport(report, format, { color: format === 'text' && !config.output && io.stdoutIsTTY, showAll: config.all ?? false });
  if (config.output) {
    writeFileSync(resolve(io.cwd, config.output), rendered);
    if (!config.quiet) io.stderr.write(`${oneLineSummary(report)}\nReport written to ${config.output}\n`);
  } else {
    io.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
  }
  return hasErrors(report.findings) ? EXIT_BROKEN : EXIT_OK;
}

function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
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
