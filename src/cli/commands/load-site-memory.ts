import { DEFAULT_FAILURE_THRESHOLD, HISTORY_WINDOW, type SiteMemory } from '../../classify/site-memory.js';
import type { Scan, Site, Store, UrlHistoryEntry } from '../../store/store.js';

export interface LoadSiteMemoryOptions {
  /**
   * Judge this stored scan: only scans before it count as history. Without it, the history is
   * the site's latest completed scans (right for a scan that is still running).
   */
  scan?: Scan;
  /** Previous scans to look at (default HISTORY_WINDOW). */
  window?: number;
}

/**
 * The blacklist, history and failure threshold `applySiteMemory` needs for one scan of `site`.
 * The threshold comes from the site's `failureThreshold` setting when it is a positive integer.
 */
export async function loadSiteMemory(store: Store, site: Site, urls: readonly string[], options: LoadSiteMemoryOptions = {}): Promise<SiteMemory> {
  const window = options.window ?? HISTORY_WINDOW;
  const rules = await store.listBlacklistRules(site.id);
  const history = options.scan === undefined ? await store.urlHistory(site.id, urls, window) : await historyBefore(store, site, options.scan, urls, window);
  return { rules, history, failureThreshold: failureThreshold(site.settings) };
}

export function failureThreshold(settings: Record<string, unknown>): number {
  const value = settings.failureThreshold;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_FAILURE_THRESHOLD;
}

async function historyBefore(store: Store, site: Site, scan: Scan, urls: readonly string[], window: number): Promise<Map<string, UrlHistoryEntry[]>> {
  const scans = await store.listScans(site.id);
  const position = scans.findIndex((s) => s.id === scan.id);
  const older = new Set(scans.slice(position + 1).map((s) => s.id));
  // urlHistory counts back from the newest scan, so reach past the newer ones and drop them.
  const newerCompleted = scans.slice(0, position + 1).filter((s) => s.status === 'completed').length;
  const history = await store.urlHistory(site.id, urls, newerCompleted + window);
  for (const [url, entries] of history) history.set(url, entries.filter((e) => older.has(e.scanId)).slice(0, window));
  return history;
}
