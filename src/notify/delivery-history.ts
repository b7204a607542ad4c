import { alertsSection } from './alert-channel.js';
import type { DeliveryRecord } from './deliver.js';

/** Enough to answer "did my alerts go out lately?" without growing the settings row forever. */
export const HISTORY_LIMIT = 200;

/** Newest first. */
export function readDeliveryHistory(settings: Record<string, unknown>): DeliveryRecord[] {
  const list = alertsSection(settings).history;
  return Array.isArray(list) ? (list as DeliveryRecord[]).filter((r) => typeof r === 'object' && r !== null && typeof r.channelId === 'string') : [];
}

export function withDeliveries(settings: Record<string, unknown>, records: readonly DeliveryRecord[]): Record<string, unknown> {
  const history = [...[...records].reverse(), ...readDeliveryHistory(settings)].slice(0, HISTORY_LIMIT);
  return { ...settings, alerts: { ...alertsSection(settings), history } };
}
