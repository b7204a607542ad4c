import { realpath } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { AccountsStore } from './accounts-store.js';
import type { DbSchema, SqlFlavor } from './db-schema.js';
import { readSchemaVersion } from './migrations.js';
import { runTransaction, type SqlBackend } from './sql-backend.js';
import { SqlAccountsStore } from './sql-accounts-store.js';
import { firstLine, StoreError } from './store-error.js';
import { withWriteLock } from './write-lock.js';

const ACCOUNTS_SCHEMA_VERSION = 3;
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the accounts tables of the database at `location`, on a connection of its own. Open the
 * main store there first (`openStore`): it owns migrations, so this never creates tables. On
 * SQLite both connections share the in-process write lock, so their writes never deadlock.
 */
export async function openAccountsStore(location: string): Promise<AccountsStore> {
  const postgres = /^postgres(ql)?:\/\//i.test(location);
  if (!postgres && (location === ':memory:' || location === '')) {
    throw new StoreError('INVALID_INPUT', 'Accounts need a database file or Postgres URL; an in-memory database is private to one connection');
  }
  const backend = postgres ? postgresBackend(location) : await sqliteBackend(location);
  try {
    const version = await readSchemaVersion(backend.db, backend.flavor);
    if (version === null || version < ACCOUNTS_SCHEMA_VERSION) {
      throw new StoreError('INVALID_INPUT', `${backend.where} has no accounts tables yet; open it with openStore first to migrate it`);
    }
    return new SqlAccountsStore(backend);
  } catch (error) {
    await backend.close().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError('DB_UNAVAILABLE', `Cannot open accounts in ${backend.where}: ${firstLine(String((error as Error).message))}`, { cause: error });
  }
}

async function sqliteBackend(path: string): Promise<SqlBackend> {
  let raw: Database.Database;
  try {
    raw = new Database(path, { fileMustExist: true });
  } catch (error) {
    throw new StoreError('DB_UNAVAILABLE', `Cannot open ${path}: ${firstLine(String((error as Error).message))}`, { cause: error });
  }
  raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  raw.pragma('foreign_keys = ON');
  const db = new Kysely<DbSchema>({ dialect: new SqliteDialect({ database: raw }) });
  const lockKey = await realpath(path);
  return backendOf('sqlite', db, path, (fn) => withWriteLock(lockKey, () => runTransaction(db, 'begin immediate', fn)));
}

function postgresBackend(location: string): SqlBackend {
  const url = new URL(location);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreError('INVALID_INPUT', `Expected schema to be a plain identifier, got ${JSON.stringify(schema)}`);
  }
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 4,
    connectionTimeoutMillis: 10_000,
    ...(schema !== null && { options: `-c search_path=${schema}` }),
  });
  pool.on('error', () => undefined);
  const db = new Kysely<DbSchema>({ dialect: new PostgresDialect({ pool }) });
  // Never echo credentials into messages.
  const where = `postgres://${url.hostname}:${url.port || '5432'}${url.pathname}`;
  return backendOf('postgres', db, where, (fn) => runTransaction(db, 'begin', fn));
}

function backendOf(flavor: SqlFlavor, db: Kysely<DbSchema>, where: string, write: SqlBackend['write']): SqlBackend {
  return { flavor, db, where, write, close: () => db.destroy() };
}
