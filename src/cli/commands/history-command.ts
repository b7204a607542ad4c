import type { CliIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { DEFAULT_HISTORY_LIMIT } from './command-defaults.js';
import { formatTable } from './format-table.js';
import { resolveSite } from './resolve-refs.js';
import { scanRows, SCAN_TABLE_HEADER } from './scan-table.js';
import { runWithStore, type StoreCommandOptions } from './store-command.js';

export { DEFAULT_HISTORY_LIMIT };

/** `dislike404 history <site> [--limit N]`: the site's scans, newest first. */
export function runHistory(ref: string, options: StoreCommandOptions & { limit?: string | number }, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const limit = parseLimit(options.limit);
    const site = await resolveSite(store, ref);
    const scans = await store.listScans(site.id, { limit });
    if (scans.length === 0) {
      io.stdout.write(`No scans of ${site.url} yet. Run \`dislike404 scan ${site.url}\`.\n`);
      return EXIT_OK;
    }
    io.stdout.write(`Scans of ${site.url}, newest first:\n`);
    io.stdout.write(formatTable(SCAN_TABLE_HEADER, scanRows(scans)));
    return EXIT_OK;
  });
}

function parseLimit(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_HISTORY_LIMIT;
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`Expected --limit to be a positive whole number, got ${JSON.stringify(String(value))}`);
  return Number(text);
}
