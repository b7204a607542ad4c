import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { describeStoreContract } from './store-contract.js';

const SERVER = process.env.DISLIKE404_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const REQUIRED = process.env.DISLIKE404_REQUIRE_SERVICES === '1';

async function reachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 3000 });
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

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function schemaOf(location: string): string {
  const schema = new URL(location).searchParams.get('schema');
  if (!schema || !/^d404_test_[a-z0-9_]+$/.test(schema)) throw new Error(`unexpected test location ${location}`);
  return schema;
}

const problem = await reachable();

if (problem !== null && !REQUIRED) {
  // Skipped only on a laptop without Postgres; CI sets DISLIKE404_REQUIRE_SERVICES=1, which fails instead.
  describe.skip(`Store contract: postgres (skipped: ${SERVER} unreachable: ${problem}; set DISLIKE404_REQUIRE_SERVICES=1 to fail instead)`, () => {
    it('needs a Postgres server', () => undefined);
  });
} else if (problem !== null) {
  describe('Store contract: postgres', () => {
    it('needs the Postgres server required by DISLIKE404_REQUIRE_SERVICES=1', () => {
      throw new Error(`Postgres at ${SERVER} is unreachable: ${problem}`);
    });
  });
} else {
  // One schema per test database and per run, so parallel runs never see each other's tables.
  const run = randomBytes(4).toString('hex');
  const schemas: string[] = [];
  describeStoreContract('postgres', openStore, {
    async freshLocation() {
      const schema = `d404_test_${run}_${schemas.length}`;
      schemas.push(schema);
      const url = new URL(SERVER);
      url.searchParams.set('schema', schema);
      return url.toString();
    },
    async setSchemaVersion(location, version) {
      await withClient((c) => c.query(`update "${schemaOf(location)}".schema_version set version = $1`, [version]));
    },
    async fingerprint(location) {
      const schema = schemaOf(location);
      return withClient(async (c) => {
        const tables = await c.query<{ tablename: string }>('select tablename from pg_tables where schemaname = $1 order by tablename', [schema]);
        const parts: string[] = [];
        for (const { tablename } of tables.rows) {
          const rows = await c.query(`select * from "${schema}"."${tablename}"`);
          parts.push(`${tablename}:${JSON.stringify(rows.rows.map((r: unknown) => JSON.stringify(r)).sort())}`);
        }
        return parts.join('\n');
      });
    },
    async cleanup() {
      await withClient(async (c) => {
        for (const schema of schemas) await c.query(`drop schema if exists "${schema}" cascade`);
      });
    },
  });
}
