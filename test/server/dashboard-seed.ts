import type { ScanSummary, Severity } from '../../src/core/report-types.js';
import type { Store } from '../../src/store/store.js';

/** A finished scan with the given counts by severity, as the runner would have recorded it. */
export async function seedFinishedScan(store: Store, siteId: string, counts: Partial<Record<Severity, number>>): Promise<string> {
  const scan = await store.createScan({ siteId, options: {}, status: 'running' });
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, notice: 0, ok: 0, ...counts };
  const summary: ScanSummary = {
    startUrl: 'https://example.com/',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:05.000Z',
    durationMs: 65_000,
    pagesCrawled: 12,
    urlsChecked: 34,
    urlsFound: 40,
    findings: bySeverity.error + bySeverity.warning + bySeverity.notice,
    broken: bySeverity.error,
    redirected: 0,
    skipped: 0,
    suppressed: 0,
    byCode: {},
    bySeverity,
    limitsHit: [],
    robots: { obeyed: true, crawlDelaySeconds: null, appliedDelayMs: 0, blockedUrls: 0 },
    sitemapUrls: 0,
  };
  await store.finishScan(scan.id, { status: 'completed', summary });
  return scan.id;
}
