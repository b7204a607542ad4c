import { categorize } from '../classify/categorize.js';
import type { Checkpoint } from '../store/store.js';
import type { ScanSettings } from './scan-options.js';
import { newRecord, RecordState, restoreOccurrences, type UrlRecord } from './url-record.js';

/** Rebuild the in-memory records of an interrupted scan from its checkpoint. */
export function restoreRecords(
  checkpoint: Checkpoint,
  settings: ScanSettings,
): { records: UrlRecord[]; urlsChecked: number; broken: number; sitemapUrls: number } {
  const records: UrlRecord[] = [];
  let urlsChecked = 0;
  let broken = 0;
  let sitemapUrls = 0;
  for (const entry of checkpoint.entries) {
    const fetchable = entry.url.startsWith('http:') || entry.url.startsWith('https:');
    const record = newRecord({
      key: entry.url,
      host: fetchable ? new URL(entry.url).host : '',
      internal: entry.internal,
      kind: entry.kind,
      plan: entry.plan,
      depth: entry.depth,
    });
    record.inSitemap = entry.inSitemap;
    if (entry.inSitemap) sitemapUrls += 1;
    record.occurrenceCount = entry.occurrenceCount;
    if (entry.fragments.length > 0) {
      record.fragments = new Map(entry.fragments.map((f) => [f.fragment, { occurrences: f.occurrences, count: f.count, missing: f.missing }]));
    }
    restoreOccurrences(record, entry.occurrences, settings.maxOccurrencesPerUrl);
    if (entry.state === 'done' && entry.result) {
      record.state = RecordState.Done;
      record.result = entry.result;
      if (!fetchable) record.display = entry.result.url;
      const category = categorize(entry.result);
      if (category !== 'skipped') urlsChecked += 1;
      if (category === 'broken') broken += 1;
      if (category === 'ok' && !settings.includeSuccesses) record.occurrences = null;
    } else if (!fetchable) {
      continue;
    }
    records.push(record);
  }
  return { records, urlsChecked, broken, sitemapUrls };
}
