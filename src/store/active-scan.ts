import type { Scan, Store } from './store.js';

/** A scan that stopped writing checkpoints this long ago is treated as interrupted, not running elsewhere. */
const STALE_AFTER_MS = 30_000;

/** A running scan that checkpointed recently is being worked on by some process right now. */
export function isScanAlive(scan: Scan, now: number = Date.now()): boolean {
  if (scan.status !== 'running') return false;
  const last = Date.parse(scan.lastCheckpointAt ?? scan.startedAt ?? scan.createdAt);
  return now - last <= STALE_AFTER_MS;
}

/** The site's scan that is running right now in any process (web app, monitor, CLI), if any. */
export async function activeScanOf(store: Store, siteId: string): Promise<Scan | null> {
  const [latest] = await store.listScans(siteId, { limit: 1 });
  return latest !== undefined && isScanAlive(latest) ? latest : null;
}
