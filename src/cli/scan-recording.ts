import { createInterface } from 'node:readline/promises';
import type { ScanReport } from '../core/report-types.js';
import { TOOL_VERSION } from '../core/tool-info.js';
import type { ScanOptions } from '../crawl/scan-options.js';
import { isScanAlive } from '../store/active-scan.js';
import type { Checkpoint, Scan, Site, Store } from '../store/store.js';

export { activeScanOf } from '../store/active-scan.js';
import type { CliIo } from './cli-io.js';
import { UsageError } from './usage-error.js';


export interface RecordingPlan {
  store: Store;
  site: Site;
  scan: Scan;
  resume: Checkpoint | undefined;
}

/**
 * Find or create the site and the scan row before the engine starts: an explicit `--resume <id>`
 * continues that scan; otherwise an interrupted scan of the same site is offered for resuming
 * (asked on a terminal, mentioned otherwise) and a new scan is created.
 */
export async function planRecording(
  store: Store,
  startUrl: string,
  options: Record<string, unknown>,
  resumeId: string | undefined,
  io: CliIo & { stdinIsTTY?: boolean; ask?: (question: string) => Promise<string> },
): Promise<RecordingPlan> {
  if (resumeId !== undefined) {
    const scan = await store.getScan(resumeId);
    if (!scan) throw new UsageError(`no scan with id ${resumeId} in this database`);
    if (scan.status === 'completed') throw new UsageError(`scan ${resumeId} already completed; run a new scan instead`);
    const site = await store.getSite(scan.siteId);
    if (!site) throw new UsageError(`scan ${resumeId} has no site`);
    if (site.url !== startUrl) throw new UsageError(`scan ${resumeId} is a scan of ${site.url}, not ${startUrl}`);
    return { store, site, scan: await store.markScanStatus(scan.id, 'running'), resume: await store.loadCheckpoint(scan.id) };
  }
  const site = (await store.getSiteByUrl(startUrl)) ?? (await store.addSite({ url: startUrl }));
  const interrupted = await findInterrupted(store, site);
  if (interrupted) {
    const checked = interrupted.counters.urlsChecked;
    const question = `An interrupted scan of ${site.url} (${interrupted.id}, ${checked} URLs checked) can be resumed. Resume it? [Y/n] `;
    const answer = io.ask ? await io.ask(question) : await askOnTerminal(io, question);
    if (answer !== null && !/^n/i.test(answer.trim())) {
      return { store, site, scan: await store.markScanStatus(interrupted.id, 'running'), resume: await store.loadCheckpoint(interrupted.id) };
    }
    if (answer === null) {
      io.stderr.write(`dislike404: note: an interrupted scan ${interrupted.id} exists; pass --resume ${interrupted.id} to continue it\n`);
    } else {
      await store.markScanStatus(interrupted.id, 'aborted', 'not resumed');
    }
  }
  const scan = await store.createScan({ siteId: site.id, options, status: 'running', toolVersion: TOOL_VERSION });
  return { store, site, scan, resume: undefined };
}

/** Engine options that persist progress to this scan's row. */
export function checkpointOptions(plan: RecordingPlan): Pick<ScanOptions, 'checkpoint' | 'resume'> {
  return { checkpoint: (batch) => plan.store.checkpoint(plan.scan.id, batch), resume: plan.resume };
}

/** Save the final findings and summary; the scan row then reads completed (or aborted). */
export async function finishRecording(plan: RecordingPlan, report: ScanReport, forcedStatus?: 'failed'): Promise<void> {
  const chunk = 5000;
  for (let i = 0; i < report.findings.length; i += chunk) {
    await plan.store.saveFindings(plan.scan.id, report.findings.slice(i, i + chunk));
  }
  const status = forcedStatus ?? (report.summary.limitsHit.includes('aborted') ? 'aborted' : 'completed');
  await plan.store.finishScan(plan.scan.id, { status, summary: report.summary });
}

async function findInterrupted(store: Store, site: Site): Promise<Scan | null> {
  const [latest] = await store.listScans(site.id, { limit: 1 });
  if (!latest) return null;
  if (latest.status === 'interrupted') return latest;
  return latest.status === 'running' && !isScanAlive(latest) ? latest : null;
}


/** Ask on a terminal; null when there is no one to ask (not a TTY). */
async function askOnTerminal(io: CliIo & { stdinIsTTY?: boolean }, question: string): Promise<string | null> {
  if (!io.stdinIsTTY || !io.stderrIsTTY) return null;
  const rl = createInterface({ input: process.stdin, output: io.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
