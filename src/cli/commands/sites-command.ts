import { describeStored } from './schedule-command.js';
import { ScanOptionsError } from '../../crawl/scan-options-error.js';
import { parseStartUrl } from '../../crawl/start-url.js';
import { formatQuantity } from '../../report/format-quantity.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { siteUrl as webSiteUrl } from '../../server/routes/site-url.js';
import { formatTable, formatWhen } from './format-table.js';
import { resolveSite, shortId } from './resolve-refs.js';
import { brokenCount, scanRows, SCAN_TABLE_HEADER } from './scan-table.js';
import { runWithStore, type StoreCommandOptions } from './store-command.js';
import { requireUser, withAccounts } from './users-command.js';

/** `dislike404 sites list`: every site with its scan count and how its latest scan went. */
export function runSitesList(options: StoreCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const sites = await store.listSites();
    if (sites.length === 0) {
      io.stdout.write('No sites yet. Add one with `dislike404 sites add <url>` or run `dislike404 scan <url>`.\n');
      return EXIT_OK;
    }
    const rows: string[][] = [];
    for (const site of sites) {
      const scans = await store.listScans(site.id);
      const latest = scans[0];
      rows.push([
        shortId(site.id),
        site.url,
        String(scans.length),
        latest ? `${latest.status} ${formatWhen(latest.startedAt ?? latest.createdAt)}` : 'never scanned',
        latest ? String(brokenCount(latest)) : '-',
      ]);
    }
    io.stdout.write(formatTable(['ID', 'URL', 'SCANS', 'LAST SCAN', 'BROKEN'], rows));
    return EXIT_OK;
  });
}

export interface SitesAddOptions extends StoreCommandOptions {
  name?: string;
  /** Email of the web app account that owns the site (it then shows on their dashboard). */
  owner?: string;
}

/**
 * `dislike404 sites add <url> [--name] [--owner <email>]`: without an owner the URL is normalised
 * exactly as `scan` does it (a CLI site); with one, exactly as the web app's "Add site" form does.
 */
export function runSitesAdd(url: string, options: SitesAddOptions, io: CliIo): Promise<number> {
  if (options.owner !== undefined) return runOwnedSiteAdd(url, options.owner, options, io);
  return runWithStore(options, io, async (store) => {
    const href = siteUrl(url);
    if (await store.getSiteByUrl(href)) throw new UsageError(`${href} is already a site (see dislike404 sites list)`);
    const site = await store.addSite({ url: href, ...(options.name ? { name: options.name } : {}) });
    io.stdout.write(`Added site ${shortId(site.id)} ${site.url}${site.name !== site.url ? ` (${site.name})` : ''}\n`);
    return EXIT_OK;
  });
}

/** `dislike404 sites remove <site>`: the site goes with its scans, results and blacklist. */
export function runSitesRemove(ref: string, options: StoreCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, ref);
    const scans = (await store.listScans(site.id)).length;
    const rules = (await store.listBlacklistRules(site.id)).length;
    await store.removeSite(site.id);
    io.stdout.write(`Removed site ${shortId(site.id)} ${site.url} with ${formatQuantity(scans, 'scan')} and ${formatQuantity(rules, 'blacklist rule')}\n`);
    return EXIT_OK;
  });
}

const HIDDEN_SETTINGS = new Set(['alerts', 'monitor']);

/** `dislike404 sites show <site>`: settings, blacklist size and the latest scans. */
export function runSitesShow(ref: string, options: StoreCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, ref);
    const rules = await store.listBlacklistRules(site.id);
    const scans = await store.listScans(site.id);
    // Alert channels hold secrets (webhook secrets, Slack URLs with tokens): never printed back;
    // the schedule and channels have their own commands.
    const settings = Object.entries(site.settings).filter(([key]) => !HIDDEN_SETTINGS.has(key));
    const channels = channelCount(site.settings.alerts);
    const facts: Array<[string, string]> = [
      ['Site', `${site.name} (${site.id})`],
      ['URL', site.url],
      ['Added', formatWhen(site.createdAt)],
      ['Settings', settings.length === 0 ? 'none' : settings.map(([key, value]) => `${key}=${JSON.stringify(value)}`).join(', ')],
      ['Alerts', channels === 0 ? 'no channels' : `${formatQuantity(channels, 'channel')} (dislike404 alerts list ${shortId(site.id)})`],
      ['Blacklist', rules.length === 0 ? 'no rules' : `${formatQuantity(rules.length, 'rule')} (dislike404 blacklist list ${shortId(site.id)})`],
      ['Scans', String(scans.length)],
    ];
    const width = Math.max(...facts.map(([name]) => name.length));
    const lines = facts.map(([name, value]) => `${name.padEnd(width)}  ${value}`);
    io.stdout.write(`${lines.join('\n')}\n`);
    io.stdout.write(describeStored(site.url, site.settings, new Date()));
    if (scans.length > 0) {
      const shown = scans.slice(0, 5);
      io.stdout.write(`\nLatest scans${scans.length > shown.length ? ` (${shown.length} of ${scans.length})` : ''}:\n`);
      io.stdout.write(formatTable(SCAN_TABLE_HEADER, scanRows(shown)));
    }
    return EXIT_OK;
  });
}

function runOwnedSiteAdd(url: string, email: string, options: SitesAddOptions, io: CliIo): Promise<number> {
  return withAccounts(options.db, io, async (accounts, store) => {
    const parsed = webSiteUrl.safeParse(url);
    if (!parsed.success) throw new UsageError(`${parsed.error.issues[0]?.message ?? 'invalid URL'}`);
    const href = parsed.data;
    const user = await requireUser(accounts, email);
    if (await store.getSiteByUrl(href, user.id)) throw new UsageError(`${user.email} already has a site for ${href}`);
    const site = await store.addSite({ url: href, owner: user.id, ...(options.name ? { name: options.name } : {}) });
    io.stdout.write(`Added site ${shortId(site.id)} ${site.url}${site.name !== site.url ? ` (${site.name})` : ''} for ${user.email}\n`);
    return EXIT_OK;
  });
}

function siteUrl(input: string): string {
  try {
    return parseStartUrl(input).href;
  } catch (error) {
    if (error instanceof ScanOptionsError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

function channelCount(section: unknown): number {
  if (typeof section !== 'object' || section === null) return 0;
  const channels = (section as { channels?: unknown }).channels;
  return Array.isArray(channels) ? channels.length : 0;
}
