import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/** The test server: trust auth on 127.0.0.1, database `test` (override with DISLIKE404_TEST_POSTGRES). */
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
 * Runs `define` as the suite `name` when Postgres answers. Without a server the suite is skipped,
 * with the reason in its name, on a laptop; CI sets DISLIKE404_REQUIRE_SERVICES=1 and fails instead.
 */
export function describePostgres(name: string, problem: string | null, define: () => void): void {
  if (problem === null) {
    describe(name, define);
  } else if (!REQUIRED) {
    // Skipped only on a machine without Postgres (a laptop), never in CI: the reason is in the name.
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

export async function withPostgresClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const TEST_SCHEMA = /^d404_test_[a-z0-9_]+$/;
const run = randomBytes(4).toString('hex');
let schemaCount = 0;

/**
 * A store location on a schema of its own, unique per run and per call (parallel runs never see
 * each other's tables); the store creates the schema when it opens.
 */
export function freshPostgresLocation(prefix: string): { location: string; schema: string } {
  const schema = `d404_test_${prefix}_${run}_${schemaCount}`;
  schemaCount += 1;
  const url = new URL(POSTGRES_SERVER);
  url.searchParams.set('schema', schema);
  return { location: url.toString(), schema };
}

/** The schema of a location made by `freshPostgresLocation`; anything else is refused. */
export function testSchemaOf(location: string): string {
  const schema = new URL(location).searchParams.get('schema');
  if (schema === null || !TEST_SCHEMA.test(schema)) throw new Error(`unexpected test location ${location}`);
  return schema;
}

export async function dropPostgresSchemas(schemas: readonly string[]): Promise<void> {
  for (const schema of schemas) if (!TEST_SCHEMA.test(schema)) throw new Error(`refusing to drop ${schema}`);
  await withPostgresClient(async (client) => {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  });
}
