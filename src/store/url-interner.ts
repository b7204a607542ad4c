import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DbSchema, SqlFlavor } from './db-schema.js';
import { chunked, insertRows } from './sql-backend.js';

/** Index key for a URL: a hash, since Postgres cannot index an 8 KB URL in a b-tree. */
export function urlKey(url: string): string {
  return createHash('sha256').update(url).digest('base64url').slice(0, 22);
}

const CACHE_LIMIT = 2_000_000;

/**
 * Maps URLs to their per-site integer ids, inserting missing ones. Ids never change once
 * committed, so a process-wide cache is safe across processes; new ids enter the cache only
 * after their transaction commits (`commit`), since a rollback would make them dangle.
 */
export class UrlInterner {
  readonly #cache = new Map<string, Map<string, number>>();
  #size = 0;

  async intern(trx: Kysely<DbSchema>, flavor: SqlFlavor, siteId: string, urls: Iterable<string>): Promise<InternedUrls> {
    const known = this.#cache.get(siteId);
    const ids = new Map<string, number>();
    const missing = new Map<string, string>();
    for (const url of urls) {
      if (ids.has(url) || missing.has(url)) continue;
      const id = known?.get(url);
      if (id !== undefined) ids.set(url, id);
      else missing.set(urlKey(url), url);
    }
    const fresh = new Map<string, number>();
    if (missing.size > 0) {
      // Sorted so concurrent Postgres writers take row locks in one order and cannot deadlock.
      const rows = [...missing].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, url]) => [siteId, key, url]);
      await insertRows(trx, flavor, 'urls', ['site_id', 'url_key', 'url'], rows, { on: ['site_id', 'url_key'], set: null });
      for (const keys of chunked([...missing.keys()])) {
        const found = await trx.selectFrom('urls').select(['id', 'url_key']).where('site_id', '=', siteId).where('url_key', 'in', keys).execute();
        for (const row of found) {
          const url = missing.get(row.url_key);
          if (url === undefined) continue;
          ids.set(url, Number(row.id));
          fresh.set(url, Number(row.id));
        }
      }
    }
    return { ids, commit: () => this.#remember(siteId, fresh) };
  }

  forget(siteId: string): void {
    this.#size -= this.#cache.get(siteId)?.size ?? 0;
    this.#cache.delete(siteId);
  }

  #remember(siteId: string, fresh: Map<string, number>): void {
    if (fresh.size === 0) return;
    if (this.#size + fresh.size > CACHE_LIMIT) {
      this.#cache.clear();
      this.#size = 0;
    }
    let site = this.#cache.get(siteId);
    if (!site) this.#cache.set(siteId, (site = new Map()));
    for (const [url, id] of fresh) {
      if (site.has(url)) continue;
      site.set(url, id);
      this.#size += 1;
    }
  }
}

export interface InternedUrls {
  ids: Map<string, number>;
  /** Call after the transaction committed. */
  commit(): void;
}

/** Looks ids up without inserting (for reads such as urlHistory). */
export async function lookupUrlIds(db: Kysely<DbSchema>, siteId: string, urls: readonly string[]): Promise<Map<string, number>> {
  const byKey = new Map(urls.map((u) => [urlKey(u), u]));
  const ids = new Map<string, number>();
  for (const keys of chunked([...byKey.keys()])) {
    const rows = await db.selectFrom('urls').select(['id', 'url_key']).where('site_id', '=', siteId).where('url_key', 'in', keys).execute();
    for (const row of rows) {
      const url = byKey.get(row.url_key);
      if (url !== undefined) ids.set(url, Number(row.id));
    }
  }
  return ids;
}
