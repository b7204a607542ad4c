import type { Finding } from '../core/report-types.js';
import type { UrlHistoryEntry } from './store.js';

export type FindingChange = 'new' | 'fixed' | 'still_broken';

export interface FindingDiff {
  url: string;
  change: FindingChange;
  /** When this URL started failing without a break, as far back as the history given reaches. */
  firstSeenAt: string;
  previous: Finding | null;
  current: Finding | null;
}

export interface ScanFindings {
  startedAt: string;
  findings: readonly Finding[];
}

export interface DiffOptions {
  /** From `Store.urlHistory`: extends first-seen dates past the previous scan. */
  history?: ReadonlyMap<string, readonly UrlHistoryEntry[]>;
  /** What counts as broken; by default the `broken` category (skips and redirects are not). */
  isBroken?: (finding: Finding) => boolean;
}

const defaultIsBroken = (f: Finding): boolean => f.category === 'broken';

/**
 * Compares two scans of one site: broken now but not before is `new`, broken in both is
 * `still_broken`, broken before but not now is `fixed`. Current order first, then the fixed ones.
 */
export function diffScans(previous: ScanFindings, current: ScanFindings, options: DiffOptions = {}): FindingDiff[] {
  const isBroken = options.isBroken ?? defaultIsBroken;
  const before = new Map<string, Finding>();
  for (const f of previous.findings) if (isBroken(f)) before.set(f.url, f);
  const out: FindingDiff[] = [];
  const seen = new Set<string>();
  for (const f of current.findings) {
    if (!isBroken(f) || seen.has(f.url)) continue;
    seen.add(f.url);
    const old = before.get(f.url) ?? null;
    out.push({
      url: f.url,
      change: old ? 'still_broken' : 'new',
      firstSeenAt: old ? streakStart(options.history?.get(f.url), previous.startedAt) : current.startedAt,
      previous: old,
      current: f,
    });
  }
  for (const [url, old] of before) {
    if (seen.has(url)) continue;
    out.push({ url, change: 'fixed', firstSeenAt: streakStart(options.history?.get(url), previous.startedAt), previous: old, current: null });
  }
  return out;
}

/** Oldest start of the unbroken run of failing scans ending at `anchor` (history is newest first). */
function streakStart(history: readonly UrlHistoryEntry[] | undefined, anchor: string): string {
  let start = anchor;
  if (!history) return start;
  for (const entry of history) {
    if (entry.startedAt > anchor) continue;
    if (entry.outcome !== 'failing') break;
    if (entry.startedAt < start) start = entry.startedAt;
  }
  return start;
}

/** "failing in the last N scans" vs "flaky": a one-word verdict over a URL's history. */
export function historyVerdict(history: readonly UrlHistoryEntry[]): 'failing' | 'flaky' | 'ok' | 'unknown' {
  const seen = history.filter((h) => h.outcome !== 'absent');
  if (seen.length === 0) return 'unknown';
  const failing = seen.filter((h) => h.outcome === 'failing').length;
  if (failing === seen.length) return 'failing';
  return failing === 0 ? 'ok' : 'flaky';
}
