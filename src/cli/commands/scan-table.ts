import type { Scan } from '../../store/store.js';
import { formatMaybeDuration, formatWhen } from './format-table.js';
import { shortId } from './resolve-refs.js';

export const SCAN_TABLE_HEADER = ['SCAN', 'STATUS', 'STARTED', 'DURATION', 'PAGES', 'URLS CHECKED', 'BROKEN', 'LIMITS HIT'] as const;

/** One table row per scan; an unfinished scan shows its last checkpoint's counters. */
export function scanRows(scans: readonly Scan[]): string[][] {
  return scans.map((scan) => {
    const pages = scan.summary?.pagesCrawled ?? scan.counters.pagesCrawled;
    const checked = scan.summary?.urlsChecked ?? scan.counters.urlsChecked;
    const status = scan.failure === null ? scan.status : `${scan.status}: ${scan.failure}`;
    return [
      shortId(scan.id),
      status,
      formatWhen(scan.startedAt ?? scan.createdAt),
      formatMaybeDuration(scan.durationMs),
      String(pages),
      String(checked),
      String(brokenCount(scan)),
      scan.limitsHit.length === 0 ? '-' : scan.limitsHit.join(', '),
    ];
  });
}

export function brokenCount(scan: Scan): number {
  return scan.summary?.broken ?? scan.counters.broken;
}
