import { buildApp, type AppOptions } from '../../src/server/app.js';
import type { Mail } from '../../src/server/app-context.js';
import { openAccountsStore } from '../../src/store/open-accounts-store.js';
import { openStore } from '../../src/store/store.js';
import { dropPostgresSchemas, freshPostgresLocation } from '../helpers/postgres.js';
import type { Harness } from './server-harness.js';

/**
 * `startHarness` on PostgreSQL: a fresh schema, the store and accounts over it as `serve` opens
 * them, and the same app defaults. `dbPath` is the store URL (with `?schema=`), so a test can open
 * a second store or app over the same data. `close` drops the schema.
 */
export async function startPostgresHarness(options: Partial<AppOptions> = {}): Promise<Harness & { schema: string }> {
  const { location, schema } = freshPostgresLocation('srv');
  const store = await openStore(location);
  const accounts = await openAccountsStore(location);
  const mail: Mail[] = [];
  try {
    const app = await buildApp({
      store,
      accounts,
      allowPrivateNetworks: true,
      mailer: async (m) => void mail.push(m),
      scanOverrides: { timeoutMs: 5000, retries: 0, parseWorkers: 0, checkExternal: false },
      ...options,
    });
    return {
      app,
      store,
      accounts,
      mail,
      dbPath: location,
      schema,
      close: async () => {
        try {
          await app.close();
          await accounts.close();
          await store.close();
        } finally {
          await dropPostgresSchemas([schema]);
        }
      },
    };
  } catch (error) {
    await accounts.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    await dropPostgresSchemas([schema]).catch(() => undefined);
    throw error;
  }
}
