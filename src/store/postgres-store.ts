import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { DbSchema } from './db-schema.js';
import { assertNotTooNew, migrate, readSchemaVersion } from './migrations.js';
import { runTransaction, type SqlBackend } from './sql-backend.js';
import { SqlStore } from './sql-store.js';
import { firstLine, StoreError } from './store-error.js';
import type { Store } from './store.js';

const INT8_OID = 20;

// Ids and counts are int8 in Postgres; they stay far below 2^53, and numbers keep both backends'
// rows identical. Set per pool so other pg users in the process are unaffected.
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/** Opens a Postgres store. `?schema=name` in the URL keeps all tables in that schema (created if missing). */
export async function openPostgresStore(location: string): Promise<Store> {
  let url: URL;
  try {
    url = new URL(location);
  } catch (error) {
    throw new StoreError('INVALID_INPUT', 'The Postgres location is not a valid URL', { cause: error });
  }
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError('INVALID_INPUT', `Expected schema to be a plain identifier, got ${JSON.stringify(schema)}`);
  }
  // Never echo credentials into messages.
  const where = `postgres://${url.hostname}:${url.port || '5432'}${url.pathname}${schema ? ` (schema ${schema})` : ''}`;
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 10,
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser },
    ...(schema !== null && { options: `-c search_path=${schema}` }),
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<DbSchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    try {
      if (schema !== null) await sql.raw(`create schema if not exists "${schema}"`).execute(db);
      else await sql`select 1`.execute(db);
    } catch (error) {
      throw new StoreError('DB_UNAVAILABLE', `Cannot reach ${where}: ${firstLine((error as Error).message)}`, { cause: error });
    }
    assertNotTooNew(await readSchemaVersion(db, 'postgres'), where);
    const backend: SqlBackend = {
      flavor: 'postgres',
      db,
      where,
      write: (fn) => runTransaction(db, 'begin', fn),
      close: () => db.destroy(),
    };
    await backend.write(async (trx) => {
      // Two processes starting at once must not both create the tables.
      await sql`select pg_advisory_xact_lock(hashtext('dislike404:migrate:' || current_schema()))`.execute(trx);
      return migrate(trx, 'postgres', where);
    });
    return new SqlStore(backend);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
}
