import type { Scan, Store } from '../store/store.js';

const PAGE = 100;

/**
 * The latest completed scan of the same site listed after (so started before) this one: what
 * "new since the last scan" and the default diff compare with. Null for a site's first scan.
 */
export async function previousCompletedScan(store: Store, scan: Scan): Promise<Scan | null> {
  let passed = false;
  for (let offset = 0; ; offset += PAGE) {
    const scans = await store.listScans(scan.siteId, { limit: PAGE, offset });
    for (const candidate of scans) {
      if (passed && candidate.status === 'completed') return candidate;
      if (candidate.id === scan.id) passed = true;
    }
    if (scans.length < PAGE) return null;
  }
}
