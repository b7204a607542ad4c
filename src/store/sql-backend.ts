import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DbSchema, SqlFlavor } from './db-schema.js';

/** What the shared SQL store needs from an adapter: a Kysely instance and a way to write safely. */
export interface SqlBackend {
  readonly flavor: SqlFlavor;
  readonly db: Kysely<DbSchema>;
  /** Human name of the database for messages (file path, or host/database without credentials). */
  readonly where: string;
  /** Runs `fn` on one connection inside a transaction holding the write lock from its first statement. */
  write<T>(fn: (trx: Kysely<DbSchema>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A transaction on a dedicated connection, opened with `begin` (`begin immediate` on SQLite so a
 * second writer waits in busy_timeout instead of failing later when it upgrades its read lock).
 */
export async function runTransaction<T>(db: Kysely<DbSchema>, begin: string, fn: (trx: Kysely<DbSchema>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql.raw(begin).execute(conn);
    try {
      const value = await fn(conn);
      await sql.raw('commit').execute(conn);
      return value;
    } catch (error) {
      // The original error matters; a failed rollback (connection gone) adds nothing.
      await sql.raw('rollback').execute(conn).catch(() => undefined);
      throw error;
    }
  });
}

export interface Upsert {
  /** Conflict target columns. */
  on: readonly string[];
  /** `set` clauses after DO UPDATE SET (may use `excluded.`), or null for DO NOTHING. */
  set: readonly string[] | null;
}

/**
 * Multi-row INSERT with positional parameters, written by hand because the hot paths insert
 * millions of rows: building a Kysely node per value costs more than SQLite spends storing it.
 * Full chunks produce identical SQL, so SQLite's statement cache prepares each shape once.
 */
export async function insertRows(
  trx: Kysely<DbSchema>,
  flavor: SqlFlavor,
  table: keyof DbSchema,
  columns: readonly string[],
  rows: readonly unknown[][],
  upsert?: Upsert,
): Promise<void> {
  if (rows.length === 0) return;
  const perChunk = Math.max(1, Math.min(250, Math.floor(12_000 / columns.length)));
  let fullSql: string | null = null;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    const text = chunk.length === perChunk ? (fullSql ??= insertSql(flavor, table, columns, perChunk, upsert)) : insertSql(flavor, table, columns, chunk.length, upsert);
    const params: unknown[] = [];
    for (const row of chunk) for (const value of row) params.push(value);
    await trx.executeQuery(CompiledQuery.raw(text, params));
  }
}

function insertSql(flavor: SqlFlavor, table: string, columns: readonly string[], count: number, upsert?: Upsert): string {
  const tuples: string[] = [];
  let n = 0;
  for (let r = 0; r < count; r += 1) {
    const marks = columns.map(() => (flavor === 'postgres' ? `$${++n}` : '?'));
    tuples.push(`(${marks.join(',')})`);
  }
  let text = `insert into ${table} (${columns.join(',')}) values ${tuples.join(',')}`;
  if (upsert) {
    text += ` on conflict (${upsert.on.join(',')}) do ${upsert.set === null ? 'nothing' : `update set ${upsert.set.join(',')}`}`;
  }
  return text;
}

/** Splits a list for `in (...)` clauses that stay under both backends' parameter limits. */
export function chunked<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
