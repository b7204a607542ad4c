import type { ScanReport } from '../core/report-types.js';
import type { Site, Store } from '../store/store.js';
import { buildAlert, testAlert } from './alert.js';
import { readChannels, type AlertChannel } from './alert-channel.js';
import { deliver, type DeliverOptions, type DeliveryRecord } from './deliver.js';
import { withDeliveries } from './delivery-history.js';

export interface ScanForAlert {
  scanId: string;
  /** Judged by `applySiteMemory` (suppressed and flaky findings already decided). */
  current: ScanReport;
  /** The previous finished scan, judged the same way; null for the site's first scan. */
  previous: ScanReport | null;
}

/**
 * Tells each of the site's channels what it asked to hear about a finished scan, and records
 * every delivery in the site's history. Channels are independent: one failing does not stop the rest.
 */
export async function alertAfterScan(store: Store, siteId: string, scan: ScanForAlert, options: DeliverOptions): Promise<DeliveryRecord[]> {
  const site = await store.getSite(siteId);
  if (site === null) return [];
  const records: DeliveryRecord[] = [];
  for (const channel of readChannels(site.settings)) {
    const alert = buildAlert({ site: siteRef(site), scanId: scan.scanId, current: scan.current, previous: scan.previous, reportBaseUrl: options.settings.reportBaseUrl }, channel);
    if (alert !== null) records.push(await deliver(channel, alert, options));
  }
  await record(store, siteId, records);
  return records;
}

/** `alerts test`: one test alert to one channel, recorded like any other delivery. */
export async function sendTestAlert(store: Store, site: Site, channel: AlertChannel, options: DeliverOptions): Promise<DeliveryRecord> {
  const now = (options.clock ?? (() => new Date()))();
  const result = await deliver(channel, testAlert(siteRef(site), now, options.settings.reportBaseUrl), options);
  await record(store, site.id, [result]);
  return result;
}

async function record(store: Store, siteId: string, records: readonly DeliveryRecord[]): Promise<void> {
  if (records.length === 0) return;
  // Re-read: the scan that just ran may have changed other settings since we loaded the site.
  const fresh = await store.getSite(siteId);
  if (fresh !== null) await store.updateSiteSettings(siteId, withDeliveries(fresh.settings, records));
}

function siteRef(site: Site): { id: string; url: string; name: string } {
  return { id: site.id, url: site.url, name: site.name };
}
