import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import type { Mail } from '../../src/server/app-context.js';
import { openAccountsStore } from '../../src/store/open-accounts-store.js';
import { openStore } from '../../src/store/store.js';
import type { Harness } from './server-harness.js';

/** The same server and skip rule as the store contract suites (test/store/postgres.test.ts). */
export const POSTGRES_SERVER = process.env.DISLIKE404_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.DISLIKE404_REQUIRE_SERVICES === '1';

/** Why Postgres cannot be used, or null when it answers. */
export async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs `define` as the suite `name` when Postgres answers. Without a server the suite is skipped
 * with the reason on a laptop, and fails when CI sets DISLIKE404_REQUIRE_SERVICES=1.
 */
export function describePostgres(name: string, problem: string | null, define: () => void): void {
  if (problem === null) {
    describe(name, define);
  } else if (!REQUIRED) {
    describe.skip(`${name} (skipped: ${POSTGRES_SERVER} unreachable: ${problem}; set DISLIKE404_REQUIRE_SERVICES=1 to fail instead)`, () => {
      it('needs a Postgres server', () => undefined);
    });
  } else {
    describe(name, () => {
      it('needs the Postgres server required by DISLIKE404_REQUIRE_SERVICES=1', () => {
        throw new Error(`Postgres at ${POSTGRES_SERVER} is unreachable: ${problem}`);
      });
    });
  }
}

const run = randomBytes(4).toString('hex');
let schemaCount = 0;

/** A store location on a schema of its own, unique per run and per call; the store creates it on open. */
export function freshPostgresLocation(): { location: string; schema: string } {
  const schema = `d404_test_srv_${run}_${schemaCount}`;
  schemaCount += 1;
  const url = new URL(POSTGRES_SERVER);
  url.searchParams.set('schema', schema);
  return { location: url.toString(), schema };
}

export async function dropPostgresSchema(schema: string): Promise<void> {
  if (!/^d404_test_[a-z0-9_]+$/.test(schema)) throw new Error(`refusing to drop ${schema}`);
  const client = new pg.Client({ connectionString: POSTGRES_SERVER });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * `startHarness` on PostgreSQL: a fresh schema, the store and accounts over it as `serve` opens
 * them, and the same app defaults. `dbPath` is the store URL (with `?schema=`), so a test can open
 * a second store or app over the same data. `close` drops the schema.
 */
export async function startPostgresHarness(options: Partial<AppOptions> = {}): Promise<Harness & { schema: string }> {
  const { location, schema } = freshPostgresLocation();
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
          await dropPostgresSchema(schema);
        }
      },
    };
  } catch (error) {
    await accounts.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    await dropPostgresSchema(schema).catch(() => undefined);
    throw error;
  }
}
