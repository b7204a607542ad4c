import type { Store } from '../../store/store.js';
import type { CliIo } from '../cli-io.js';
import { resolveDatabaseLocation, withStore } from '../store-options.js';

/** Options every store command takes. */
export interface StoreCommandOptions {
  /** `--db`: a SQLite path or a postgres:// URL; else DISLIKE404_DB, else the per-user default. */
  db?: string;
}

/** Opens the store the options name for one command; failures become one line and exit code 2. */
export function runWithStore(options: StoreCommandOptions, io: CliIo, fn: (store: Store) => Promise<number>): Promise<number> {
  return withStore(resolveDatabaseLocation(options.db, io.env, io.cwd), io, fn);
}
