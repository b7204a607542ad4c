import { sql, type Kysely } from 'kysely';
import type { DbSchema, SqlFlavor } from './db-schema.js';
import { StoreError } from './store-error.js';

// Migrations build tables through an untyped Kysely: they describe past schemas, which the
// current DbSchema type no longer has to match.
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

export interface Migration {
  version: number;
  up(db: AnyDb, flavor: SqlFlavor): Promise<void>;
}

/** Append only: a released migration never changes, a new version gets a new entry. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    async up(db, flavor) {
      const serial = flavor === 'postgres' ? 'bigserial' : 'integer';
      const ref = flavor === 'postgres' ? 'bigint' : 'integer';
      await db.schema
        .createTable('sites')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('owner', 'text')
        .execute();
      await db.schema.createIndex('sites_url').on('sites').columns(['url']).execute();

      await db.schema
        .createTable('scans')
        .addColumn('key', serial, (c) => c.primaryKey())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('options', 'text', (c) => c.notNull())
        .addColumn('tool_version', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('duration_ms', 'integer')
        .addColumn('limits_hit', 'text', (c) => c.notNull())
        .addColumn('pages_crawled', 'integer', (c) => c.notNull())
        .addColumn('urls_checked', 'integer', (c) => c.notNull())
        .addColumn('urls_found', 'integer', (c) => c.notNull())
        .addColumn('findings', 'integer', (c) => c.notNull())
        .addColumn('broken', 'integer', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('last_checkpoint_at', 'text')
        .addColumn('failure', 'text')
        .execute();
      await db.schema.createIndex('scans_site_created').on('scans').columns(['site_id', 'created_at']).execute();
      await db.schema.createIndex('scans_created').on('scans').columns(['created_at']).execute();

      await db.schema
        .createTable('urls')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('url_key', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addUniqueConstraint('urls_site_key', ['site_id', 'url_key'])
        .execute();

      await db.schema
        .createTable('results')
        .addColumn('scan_key', ref, (c) => c.notNull().references('scans.key').onDelete('cascade'))
        .addColumn('url_id', ref, (c) => c.notNull())
        .addColumn('reported', 'integer', (c) => c.notNull())
        .addColumn('ord', 'integer')
        .addColumn('status', 'integer')
        .addColumn('error', 'text')
        .addColumn('error_detail', 'text')
        .addColumn('redirects', 'text', (c) => c.notNull())
        .addColumn('final_url', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text')
        .addColumn('method', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('retries', 'integer', (c) => c.notNull())
        .addColumn('internal', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('in_sitemap', 'integer', (c) => c.notNull())
        .addColumn('severity', 'text')
        .addColumn('category', 'text')
        .addColumn('title', 'text')
        .addColumn('reason', 'text')
        .addColumn('advice', 'text')
        .addColumn('suggestion', 'text')
        .addColumn('occurrence_count', 'integer', (c) => c.notNull())
        .addColumn('outcome_key', 'text', (c) => c.notNull())
        .addColumn('failing', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('results_pk', ['scan_key', 'url_id'])
        .execute();
      await db.schema.createIndex('results_report_order').on('results').columns(['scan_key', 'reported', 'ord']).execute();
      // urlHistory looks a site's URLs up across scans; without this it scans every result row.
      await db.schema.createIndex('results_url').on('results').columns(['url_id', 'scan_key']).execute();

      await db.schema
        .createTable('pages')
        .addColumn('scan_key', ref, (c) => c.notNull().references('scans.key').onDelete('cascade'))
        .addColumn('url_id', ref, (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('depth', 'integer', (c) => c.notNull())
        .addColumn('title', 'text')
        .addPrimaryKeyConstraint('pages_pk', ['scan_key', 'url_id'])
        .execute();

      // No foreign keys here: checking parents per row cost seconds over 3 million rows; the store
      // deletes these rows itself before deleting their scan.
      await db.schema
        .createTable('occurrences')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('scan_key', ref, (c) => c.notNull())
        .addColumn('target_url_id', ref, (c) => c.notNull())
        .addColumn('page_url_id', ref, (c) => c.notNull())
        .addColumn('element', 'text', (c) => c.notNull())
        .addColumn('attribute', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('occurrences_scan').on('occurrences').columns(['scan_key']).execute();
      await db.schema
        .createTable('finding_occurrences')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('scan_key', ref, (c) => c.notNull())
        .addColumn('ord', 'integer', (c) => c.notNull())
        .addColumn('page_url_id', ref, (c) => c.notNull())
        .addColumn('element', 'text', (c) => c.notNull())
        .addColumn('attribute', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('line', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('finding_occurrences_ord').on('finding_occurrences').columns(['scan_key', 'ord']).execute();

      await db.schema
        .createTable('frontier')
        .addColumn('scan_key', ref, (c) => c.notNull().references('scans.key').onDelete('cascade'))
        .addColumn('url_id', ref, (c) => c.notNull())
        .addColumn('depth', 'integer', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('internal', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('in_sitemap', 'integer', (c) => c.notNull())
        .addColumn('occurrence_count', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('frontier_pk', ['scan_key', 'url_id'])
        .execute();

      await db.schema
        .createTable('blacklist_rules')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('pattern', 'text', (c) => c.notNull())
        .addColumn('status_codes', 'text')
        .addColumn('error_codes', 'text')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('author', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('blacklist_rules_site').on('blacklist_rules').columns(['site_id', 'position']).execute();
    },
  },
  {
    // What a resumed scan needs to check #fragments exactly as an uninterrupted one would: the
    // ids of pages already crawled, and the fragment references waiting on each URL (JSON text).
    version: 2,
    async up(db) {
      await db.schema.alterTable('pages').addColumn('anchors', 'text').execute();
      await db.schema.alterTable('frontier').addColumn('fragments', 'text').execute();
    },
  },
  {
    // The web app's accounts (src/store/accounts-store.ts). Every secret is stored as a sha256
    // (tokens) or scrypt hash (passwords), so a leaked database cannot sign anyone in.
    version: 3,
    async up(db, flavor) {
      const serial = flavor === 'postgres' ? 'bigserial' : 'integer';
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_admin', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('hint', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id']).execute();
      await db.schema
        .createTable('password_resets')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema
        .createTable('site_verifications')
        .addColumn('site_id', 'text', (c) => c.primaryKey().references('sites.id').onDelete('cascade'))
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('verified_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('scan_requests')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('site_id', 'text', (c) => c.notNull().references('sites.id').onDelete('cascade'))
        .addColumn('scan_id', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('scan_requests_site').on('scan_requests').columns(['site_id', 'requested_at']).execute();
    },
  },
  {
    // The blacklist rule that suppressed a finding when its scan was judged (JSON), so pages, the
    // API and diffs can leave suppressed findings out without re-running the matcher per read.
    version: 4,
    async up(db) {
      await db.schema.alterTable('results').addColumn('suppressed_by', 'text').execute();
    },
  },
];

export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/** Reads the schema version without writing anything; null for a database we have never touched. */
export async function readSchemaVersion(db: Kysely<DbSchema>, flavor: SqlFlavor): Promise<number | null> {
  const exists =
    flavor === 'sqlite'
      ? await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = 'schema_version'`.execute(db)
      : await sql<{ n: number }>`select count(*)::int as n from pg_catalog.pg_tables where tablename = 'schema_version' and schemaname = current_schema()`.execute(db);
  if ((exists.rows[0]?.n ?? 0) === 0) return null;
  const row = await db.selectFrom('schema_version').select('version').executeTakeFirst();
  return row ? Number(row.version) : null;
}

export function assertNotTooNew(version: number | null, where: string): void {
  if (version !== null && version > LATEST_SCHEMA_VERSION) {
    throw new StoreError(
      'DB_TOO_NEW',
      `${where} has schema version ${version}, newer than this dislike404 knows (${LATEST_SCHEMA_VERSION}); upgrade dislike404 to open it`,
    );
  }
}

/** Brings the schema up to date. Must run inside a transaction that holds the write lock. */
export async function migrate(trx: Kysely<DbSchema>, flavor: SqlFlavor, where: string): Promise<number> {
  const current = await readSchemaVersion(trx, flavor);
  assertNotTooNew(current, where);
  if (current === null) {
    await trx.schema.createTable('schema_version').addColumn('version', 'integer', (c) => c.notNull()).execute();
    await trx.insertInto('schema_version').values({ version: 0 }).execute();
  }
  const from = current ?? 0;
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue;
    await migration.up(trx as unknown as AnyDb, flavor);
    await trx.updateTable('schema_version').set({ version: migration.version }).execute();
  }
  return LATEST_SCHEMA_VERSION;
}
