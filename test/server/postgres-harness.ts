import type { AppOptions } from '../../src/server/app.js';
import { dropPostgresSchemas, freshPostgresLocation } from '../helpers/postgres.js';
import { harnessOver, type Harness } from './server-harness.js';

/**
 * `startHarness` on PostgreSQL: a fresh schema, the store and accounts over it as `serve` opens
 * them, and the same app defaults. `dbPath` is the store URL (with `?schema=`), so a test can open
 * a second store or app over the same data. `close` drops the schema.
 */
export async function startPostgresHarness(options: Partial<AppOptions> = {}): Promise<Harness & { schema: string }> {
  const { location, schema } = freshPostgresLocation('srv');
  return { ...(await harnessOver(location, options, () => dropPostgresSchemas([schema]))), schema };
}
