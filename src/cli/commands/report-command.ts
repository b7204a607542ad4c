import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applySiteMemory } from '../../classify/site-memory.js';
import type { ScanReport } from '../../core/report-types.js';
import { isReportFormat, renderReport, REPORT_FORMATS, type ReportFormat } from '../../report/render-report.js';
import type { Scan, Store } from '../../store/store.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { loadSiteMemory } from './load-site-memory.js';
import { resolveScan } from './resolve-refs.js';
import { runWithStore, type StoreCommandOptions } from './store-command.js';

export interface ReportCommandOptions extends StoreCommandOptions {
  format?: string;
  output?: string;
  showSuppressed?: boolean;
}

/**
 * `dislike404 report <scan-id>`: any stored scan in any report format. The site's current
 * blacklist applies, so a rule added after the scan also quiets its old reports.
 */
export function runReport(scanRef: string, options: ReportCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const format = parseFormat(options.format);
    const scan = await resolveScan(store, scanRef);
    const report = await storedReport(store, scan);
    const rendered = renderReport(report, format, {
      color: format === 'text' && !options.output && io.stdoutIsTTY,
      showSuppressed: options.showSuppressed === true,
    });
    const text = rendered.endsWith('\n') ? rendered : `${rendered}\n`;
    if (options.output) {
      writeOutput(resolve(io.cwd, options.output), options.output, text);
      io.stderr.write(`Report of scan ${scan.id} written to ${options.output}\n`);
    } else {
      io.stdout.write(text);
    }
    return EXIT_OK;
  });
}

/** A stored scan's report judged as of that scan: its site's blacklist and the scans before it. */
export async function storedReport(store: Store, scan: Scan): Promise<ScanReport> {
  const site = await store.getSite(scan.siteId);
  const report = await store.getReport(scan.id);
  // Summaries stored before the suppressed count existed lack it; the memory pass recounts anyway.
  const withCount: ScanReport = { ...report, summary: { ...report.summary, suppressed: report.summary.suppressed ?? 0 } };
  if (site === null) return withCount;
  const memory = await loadSiteMemory(store, site, withCount.findings.map((f) => f.url), { scan });
  return applySiteMemory(withCount, memory);
}

function writeOutput(path: string, shown: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot write the report to ${shown} (${code})`, { cause: error });
  }
}

function parseFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return 'text';
  if (isReportFormat(value)) return value;
  throw new UsageError(`Expected --format to be one of ${REPORT_FORMATS.join(', ')}, got ${JSON.stringify(value)}`);
}
