import { open as openFile, realpath } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import type { DbSchema } from './db-schema.js';
import { assertNotTooNew, migrate, readSchemaVersion } from './migrations.js';
import { runTransaction, type SqlBackend } from './sql-backend.js';
import { SqlStore } from './sql-store.js';
import { firstLine, StoreError } from './store-error.js';
import type { Store } from './store.js';
import { withWriteLock } from './write-lock.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const BUSY_TIMEOUT_MS = 10_000;
const STATEMENT_CACHE_SIZE = 200;

/** Opens a SQLite file, refusing (without writing a byte) files that are not ours to change. */
export async function openSqliteStore(path: string): Promise<Store> {
  await assertSqliteHeader(path);
  let raw: Database.Database;
  try {
    raw = new Database(path);
  } catch (error) {
    throw new StoreError('DB_UNAVAILABLE', `Cannot open ${path}: ${firstLine(String((error as Error).message))}`, { cause: error });
  }
  const db = new Kysely<DbSchema>({ dialect: new SqliteDialect({ database: cachingDatabase(raw) }) });
  try {
    raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Version check before any pragma that writes: journal_mode=WAL rewrites the file header.
    const version = await readSchemaVersion(db, 'sqlite');
    assertNotTooNew(version, path);
    if (version === null) await assertNoForeignTables(raw, path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    // Occurrences arrive in link order, not index order; the default 2 MB page cache turns every
    // index insert of a large scan into a disk read. 64 MB keeps the hot index pages resident.
    raw.pragma('cache_size = -65536');
    raw.pragma('temp_store = MEMORY');
    const lockKey = path === ':memory:' ? `memory:${Math.random()}` : await realpath(path);
    const backend: SqlBackend = {
      flavor: 'sqlite',
      db,
      where: path,
      write: (fn) => withWriteLock(lockKey, () => runTransaction(db, 'begin immediate', fn)),
      close: () => db.destroy(),
    };
    await backend.write((trx) => migrate(trx, 'sqlite', path));
    return new SqlStore(backend);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    if (raw.open) raw.close();
    throw sqliteOpenError(error, path);
  }
}

async function assertSqliteHeader(path: string): Promise<void> {
  if (path === ':memory:' || path === '') return;
  let handle;
  try {
    handle = await openFile(path, 'r');
  } catch {
    return; // missing file: SQLite creates it
  }
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    if (bytesRead === 0) return;
    if (bytesRead < header.length || !header.equals(SQLITE_HEADER)) {
      throw new StoreError('DB_CORRUPT', `${path} is not a SQLite database (left untouched)`);
    }
  } finally {
    await handle.close();
  }
}

/** A database with tables but no schema_version belongs to something else; never migrate into it. */
async function assertNoForeignTables(raw: Database.Database, path: string): Promise<void> {
  const row = raw.prepare("select count(*) as n from sqlite_master where type = 'table' and name not like 'sqlite_%'").get() as { n: number };
  if (row.n > 0) throw new StoreError('INVALID_INPUT', `${path} is a SQLite database of another application (left untouched)`);
}

function sqliteOpenError(error: unknown, path: string): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new StoreError('DB_CORRUPT', `${path} is damaged or not a SQLite database (left untouched)`, { cause: error });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_BUSY') {
    return new StoreError('DB_UNAVAILABLE', `Cannot open ${path}: ${firstLine((error as Error).message)}`, { cause: error });
  }
  return error;
}

/**
 * Kysely prepares every query afresh; the bulk inserts repeat the same few statements thousands
 * of times, so prepared statements are kept (bounded, least recently used dropped first).
 */
function cachingDatabase(raw: Database.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(text: string): SqliteStatement {
      const hit = cache.get(text);
      if (hit) {
        cache.delete(text);
        cache.set(text, hit);
        return hit;
      }
      const statement = raw.prepare(text);
      cache.set(text, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return statement;
    },
  };
}
