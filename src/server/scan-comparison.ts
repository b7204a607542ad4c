import type { Finding } from '../core/report-types.js';
import type { Scan, Store } from '../store/store.js';

const PAGE = 100;
const FINDINGS_CHUNK = 5000;

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

/** A scan's broken findings the user has not blacklisted: a suppressed URL is neither new nor still broken. */
export async function brokenUnsuppressedFindings(store: Store, scanId: string): Promise<Finding[]> {
  const out: Finding[] = [];
  for (let offset = 0; ; offset += FINDINGS_CHUNK) {
    const chunk = await store.getFindings(scanId, { category: 'broken', suppressed: false, limit: FINDINGS_CHUNK, offset, occurrenceLimit: 0 });
    out.push(...chunk.findings);
    if (chunk.findings.length < FINDINGS_CHUNK) return out;
  }
}
