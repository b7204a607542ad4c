import { createChannel, describeTarget, readChannels, withChannels, type AlertChannel } from '../../notify/alert-channel.js';
import { readDeliveryHistory } from '../../notify/delivery-history.js';
import { NotifyError } from '../../notify/notify-error.js';
import type { Site } from '../../store/store.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_BROKEN, EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { formatTable, formatWhen } from './format-table.js';
import { readNotify } from './monitor-command.js';
import { resolveSite, shortId } from './resolve-refs.js';
import { runWithStore, type StoreCommandOptions } from './store-command.js';

export interface AlertsAddOptions extends StoreCommandOptions {
  to?: string[];
  url?: string;
  secret?: string;
  minSeverity?: string;
  includeFixed?: boolean;
  everyScan?: boolean;
}

export function runAlertsAdd(ref: string, kind: string, options: AlertsAddOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, ref);
    let channel: AlertChannel;
    try {
      channel = createChannel({ kind, to: options.to, url: options.url, secret: options.secret, minSeverity: options.minSeverity, includeFixed: options.includeFixed, everyScan: options.everyScan }, new Date());
    } catch (error) {
      if (error instanceof NotifyError) throw new UsageError(error.message, { cause: error });
      throw error;
    }
    await store.updateSiteSettings(site.id, withChannels(site.settings, [...readChannels(site.settings), channel]));
    io.stdout.write(`Added ${channel.kind} channel ${shortId(channel.id)} to ${site.url}: ${describeTarget(channel)}\n`);
    return EXIT_OK;
  });
}

export function runAlertsList(ref: string, options: StoreCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, ref);
    const channels = readChannels(site.settings);
    if (channels.length === 0) {
      io.stdout.write(`No alert channels for ${site.url}. Add one with \`dislike404 alerts add ${site.url} email --to you@example.com\`.\n`);
      return EXIT_OK;
    }
    const when = (c: AlertChannel): string => [`new ≥ ${c.minSeverity}`, c.includeFixed ? 'fixed' : '', c.everyScan ? 'every scan' : ''].filter((p) => p !== '').join(', ');
    io.stdout.write(formatTable(['ID', 'KIND', 'TARGET', 'ALERTS ON', 'ADDED'], channels.map((c) => [shortId(c.id), c.kind, describeTarget(c), when(c), formatWhen(c.createdAt)])));
    return EXIT_OK;
  });
}

export function runAlertsRemove(ref: string, channelRef: string, options: StoreCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, ref);
    const channel = pickChannel(site, channelRef);
    await store.updateSiteSettings(site.id, withChannels(site.settings, readChannels(site.settings).filter((c) => c.id !== channel.id)));
    io.stdout.write(`Removed ${channel.kind} channel ${shortId(channel.id)} (${describeTarget(channel)}) from ${site.url}\n`);
    return EXIT_OK;
  });
}

export function runAlertsTest(ref: string, channelRef: string, options: StoreCommandOptions & { monitorConfig?: string }, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, ref);
    const channel = pickChannel(site, channelRef);
    // Mail and webhook delivery load only when used, keeping every other command quick to start.
    const { sendTestAlert } = await import('../../notify/alert-site.js');
    const record = await sendTestAlert(store, site, channel, { settings: readNotify(io, options.monitorConfig) });
    if (record.outcome === 'delivered') {
      io.stdout.write(`Test alert delivered to ${channel.kind} channel ${shortId(channel.id)} (${describeTarget(channel)})\n`);
      return EXIT_OK;
    }
    io.stderr.write(`dislike404: test alert to ${shortId(channel.id)} failed after ${record.attempts} attempt(s): ${record.errorCode} (${record.detail ?? ''})\n`);
    return EXIT_BROKEN;
  });
}

export function runAlertsHistory(ref: string, options: StoreCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, ref);
    const history = readDeliveryHistory(site.settings);
    if (history.length === 0) {
      io.stdout.write(`No alerts sent for ${site.url} yet.\n`);
      return EXIT_OK;
    }
    const rows = history.map((h) => [formatWhen(h.at), shortId(h.channelId), h.kind, h.alertType, h.scanId === 'test' ? '-' : shortId(h.scanId), h.outcome, String(h.attempts), h.errorCode ?? '-', h.detail ?? '']);
    io.stdout.write(formatTable(['WHEN', 'CHANNEL', 'KIND', 'ALERT', 'SCAN', 'OUTCOME', 'ATTEMPTS', 'ERROR', 'DETAIL'], rows));
    return EXIT_OK;
  });
}

function pickChannel(site: Site, ref: string): AlertChannel {
  const wanted = ref.trim().toLowerCase();
  const matches = readChannels(site.settings).filter((c) => c.id === wanted || (wanted !== '' && c.id.startsWith(wanted)));
  const [only, ...rest] = matches;
  if (only !== undefined && rest.length === 0) return only;
  if (only === undefined) throw new UsageError(`no alert channel matches ${JSON.stringify(ref)} (see dislike404 alerts list ${site.url})`);
  throw new UsageError(`${JSON.stringify(ref)} matches ${matches.length} channels; give more of it`);
}
