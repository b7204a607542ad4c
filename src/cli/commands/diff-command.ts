import type { Finding } from '../../core/report-types.js';
import { outcomeLabel } from '../../report/outcome-key.js';
import { diffScans, type FindingChange, type FindingDiff } from '../../store/diff-scans.js';
import type { Scan, Site, Store } from '../../store/store.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { formatDay, formatWhen } from './format-table.js';
import { storedReport } from './report-command.js';
import { resolveScan, resolveSite, shortId } from './resolve-refs.js';
import { runWithStore, type StoreCommandOptions } from './store-command.js';

export interface DiffCommandOptions extends StoreCommandOptions {
  site?: string;
  format?: string;
}

/** Enough earlier scans for first-seen dates to reach back past a long-broken link. */
const FIRST_SEEN_DEPTH = 200;

const HEADINGS: Record<FindingChange, string> = { new: 'New', fixed: 'Fixed', still_broken: 'Still broken' };

/**
 * `dislike404 diff [<scan-a>] <scan-b>`: what broke, what was fixed and what is still broken
 * between two finished scans of one site. One id compares it with the scan before it; `--site`
 * compares that site's latest two scans, and nothing at all the most recently scanned site's.
 */
export function runDiff(ids: readonly string[], options: DiffCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const format = options.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`Expected --format to be text or json, got ${JSON.stringify(format)}`);
    const { site, previous, current } = await pickScans(store, ids, options.site);
    const [before, after] = await Promise.all([storedReport(store, previous), storedReport(store, current)]);
    const urls = [...new Set([...before.findings, ...after.findings].map((f) => f.url))];
    const newer = (await store.listScans(site.id)).findIndex((s) => s.id === current.id);
    const history = await store.urlHistory(site.id, urls, Math.max(0, newer) + FIRST_SEEN_DEPTH);
    const changes = diffScans(
      { startedAt: startOf(previous), findings: before.findings },
      { startedAt: startOf(current), findings: after.findings },
      // A blacklisted URL is not news either way.
      { history, isBroken: (f) => f.category === 'broken' && f.suppressedBy === null },
    );
    io.stdout.write(format === 'json' ? `${JSON.stringify(diffJson(site, previous, current, changes), null, 2)}\n` : diffText(site, previous, current, changes));
    return EXIT_OK;
  });
}

async function pickScans(store: Store, ids: readonly string[], siteRef: string | undefined): Promise<{ site: Site; previous: Scan; current: Scan }> {
  if (ids.length > 2) throw new UsageError(`diff takes at most two scan ids, got ${ids.length}`);
  const [first, second] = ids;
  if (first !== undefined && second !== undefined) {
    const previous = finished(await resolveScan(store, first));
    const current = finished(await resolveScan(store, second));
    if (previous.siteId !== current.siteId) throw new UsageError(`scans ${shortId(previous.id)} and ${shortId(current.id)} are of different sites`);
    return { site: await siteOf(store, current), previous, current };
  }
  let site: Site;
  let current: Scan | undefined;
  if (first !== undefined) {
    current = finished(await resolveScan(store, first));
    site = await siteOf(store, current);
  } else if (siteRef !== undefined) {
    site = await resolveSite(store, siteRef);
  } else {
    // Without a site, the one scanned last is almost always the one the user means.
    const [latest] = (await store.latestScans(20)).filter((scan) => scan.summary !== null);
    if (latest === undefined) throw new UsageError('no finished scans to compare; run dislike404 scan <url> twice, or name scans or --site');
    site = await siteOf(store, latest);
  }
  const scans = (await store.listScans(site.id)).filter((s) => s.summary !== null);
  const at = current === undefined ? 0 : scans.findIndex((s) => s.id === current.id);
  const [latest, before] = [scans[at], scans[at + 1]];
  if (latest === undefined || before === undefined) {
    throw new UsageError(`${site.url} has no finished scan before ${latest === undefined ? 'any' : shortId(latest.id)} to compare with`);
  }
  return { site, previous: before, current: latest };
}

function finished(scan: Scan): Scan {
  if (scan.summary === null) throw new UsageError(`scan ${shortId(scan.id)} has not finished (status ${scan.status}); only finished scans can be compared`);
  return scan;
}

async function siteOf(store: Store, scan: Scan): Promise<Site> {
  const site = await store.getSite(scan.siteId);
  if (site === null) throw new UsageError(`scan ${shortId(scan.id)} has no site`);
  return site;
}

/** The same clock `Store.urlHistory` dates scans by, so first-seen streaks line up. */
function startOf(scan: Scan): string {
  return scan.startedAt ?? scan.createdAt;
}

function diffText(site: Site, previous: Scan, current: Scan, changes: readonly FindingDiff[]): string {
  const count = (change: FindingChange): number => changes.filter((c) => c.change === change).length;
  const lines = [
    `${site.url}: scan ${shortId(previous.id)} (${formatWhen(startOf(previous))}) → ${shortId(current.id)} (${formatWhen(startOf(current))})`,
    `${count('new')} new · ${count('fixed')} fixed · ${count('still_broken')} still broken`,
  ];
  for (const change of ['new', 'fixed', 'still_broken'] as const) {
    const group = changes.filter((c) => c.change === change);
    if (group.length === 0) continue;
    lines.push('', `${HEADINGS[change]} (${group.length})`);
    for (const c of group) {
      const finding = (c.current ?? c.previous) as Finding;
      const when = change === 'fixed' ? `broken since ${formatDay(c.firstSeenAt)}` : `first seen ${formatDay(c.firstSeenAt)}`;
      lines.push(`  ${c.url}  ${change === 'fixed' ? 'was ' : ''}${outcomeLabel(finding)} · ${when}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function diffJson(site: Site, previous: Scan, current: Scan, changes: readonly FindingDiff[]) {
  const scanRef = (scan: Scan) => ({ id: scan.id, startedAt: startOf(scan), status: scan.status });
  const outcome = (f: Finding | null) => (f === null ? null : { status: f.status, error: f.error, severity: f.severity, title: f.title });
  return {
    site: { id: site.id, url: site.url },
    previous: scanRef(previous),
    current: scanRef(current),
    counts: {
      new: changes.filter((c) => c.change === 'new').length,
      fixed: changes.filter((c) => c.change === 'fixed').length,
      stillBroken: changes.filter((c) => c.change === 'still_broken').length,
    },
    changes: changes.map((c) => ({ url: c.url, change: c.change, firstSeenAt: c.firstSeenAt, previous: outcome(c.previous), current: outcome(c.current) })),
  };
}
