import { isAbsolute, resolve } from 'node:path';
import { StoreError, type StoreErrorCode } from '../store/store-error.js';
import { defaultDatabasePath, openStore, type Store } from '../store/store.js';
import type { CliIo } from './cli-io.js';
import { EXIT_USAGE } from './exit-codes.js';
import { UsageError } from './usage-error.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Where the store lives: `--db`, else `$DISLIKE404_DB`, else the per-user default. A relative file
 * path is taken from the working directory, as every other path on the command line is.
 */
export function resolveDatabaseLocation(flag: string | undefined, env: Record<string, string | undefined>, cwd = process.cwd()): string {
  const chosen = flag !== undefined && flag.trim() !== '' ? flag.trim() : defaultDatabasePath(env);
  if (POSTGRES_URL.test(chosen) || chosen === ':memory:' || isAbsolute(chosen)) return chosen;
  return resolve(cwd, chosen);
}

// What the user can do about each failure; the store's own message says what happened.
const HINTS: Partial<Record<StoreErrorCode, string>> = {
  DB_TOO_NEW: 'or point --db at another database',
  DB_CORRUPT: 'point --db (or DISLIKE404_DB) at another file',
  DB_UNAVAILABLE: 'check --db (or DISLIKE404_DB)',
};

/** One line for a storage failure, by code (never by parsing the driver's text). */
export function describeStoreError(error: StoreError): string {
  const hint = HINTS[error.code];
  const message = firstLine(error.message);
  return hint === undefined ? message : `${message}; ${hint}`;
}

/**
 * Opens the store, runs `fn`, and always closes it. Storage failures and usage errors become one
 * `dislike404: …` line on stderr and exit code 2; anything else is a bug and propagates.
 */
export async function withStore(location: string, io: Pick<CliIo, 'stderr'>, fn: (store: Store) => Promise<number>): Promise<number> {
  let store: Store | null = null;
  try {
    store = await openStore(location);
    return await fn(store);
  } catch (error) {
    if (error instanceof StoreError) io.stderr.write(`dislike404: ${describeStoreError(error)}\n`);
    else if (error instanceof UsageError) io.stderr.write(`dislike404: ${firstLine(error.message)}\n`);
    else throw error;
    return EXIT_USAGE;
  } finally {
    // A failed close must not hide the command's own outcome; the data is already committed.
    await store?.close().catch(() => undefined);
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
