import type { Kysely } from 'kysely';
import type { Finding } from '../core/report-types.js';
import type { LinkOccurrence } from '../core/types.js';
import type { DbSchema, SqlFlavor } from './db-schema.js';
import { findingValues, RESULT_COLUMNS, resultValues } from './row-mapping.js';
import { chunked, insertRows } from './sql-backend.js';
import type { CheckpointBatch, CompletedEntry, FrontierEntry } from './store.js';
import type { InternedUrls, UrlInterner } from './url-interner.js';

export interface ScanRef {
  key: number;
  id: string;
  siteId: string;
}

export interface WriteContext {
  trx: Kysely<DbSchema>;
  flavor: SqlFlavor;
  interner: UrlInterner;
}

const OCCURRENCE_COLUMNS = ['scan_key', 'target_url_id', 'page_url_id', 'element', 'attribute', 'text', 'line'];
const FINDING_OCCURRENCE_COLUMNS = ['scan_key', 'ord', 'page_url_id', 'element', 'attribute', 'text', 'line'];
const FRONTIER_COLUMNS = ['scan_key', 'url_id', 'depth', 'plan', 'internal', 'kind', 'in_sitemap', 'occurrence_count', 'state', 'fragments'];

// Merging rules for a URL seen again: done never goes back to queued, counts and depth only improve.
const FRONTIER_UPSERT = {
  on: ['scan_key', 'url_id'],
  set: [
    "state = case when excluded.state = 'done' then 'done' else frontier.state end",
    'depth = case when excluded.depth < frontier.depth then excluded.depth else frontier.depth end',
    'plan = excluded.plan',
    'internal = excluded.internal',
    'kind = excluded.kind',
    'in_sitemap = case when excluded.in_sitemap = 1 then 1 else frontier.in_sitemap end',
    'occurrence_count = case when excluded.occurrence_count > frontier.occurrence_count then excluded.occurrence_count else frontier.occurrence_count end',
    'fragments = coalesce(excluded.fragments, frontier.fragments)',
  ],
};

const RESULT_UPDATE = RESULT_COLUMNS.filter((c) => c !== 'scan_key' && c !== 'url_id').map((c) => `${c} = excluded.${c}`);
// A checkpoint must not demote a result already saved as a finding back to unclassified.
const CHECKPOINT_RESULT_UPSERT = {
  on: ['scan_key', 'url_id'],
  set: [
    ...RESULT_UPDATE.filter((s) => !/^(reported|ord|severity|category|title|reason|advice|suggestion|failing|suppressed_by) /.test(s)),
    'failing = case when results.reported = 1 then results.failing else excluded.failing end',
  ],
};

export async function writeCheckpoint(ctx: WriteContext, scan: ScanRef, batch: CheckpointBatch, now: string): Promise<InternedUrls> {
  const entries = mergeEntries(batch);
  const pages = new Map((batch.pages ?? []).map((p) => [p.url, p]));
  const urls = new Set<string>([...entries.keys(), ...pages.keys()]);
  for (const { entry } of entries.values()) for (const o of entry.occurrences ?? []) urls.add(o.page);
  for (const append of batch.occurrences ?? []) {
    urls.add(append.url);
    for (const o of append.occurrences) urls.add(o.page);
  }
  const interned = await ctx.interner.intern(ctx.trx, ctx.flavor, scan.siteId, urls);
  const id = (url: string): number => interned.ids.get(url) as number;

  const frontier: unknown[][] = [];
  const results: unknown[][] = [];
  const occurrences: unknown[][] = [];
  for (const [url, { entry, done }] of entries) {
    const urlId = id(url);
    const count = Math.max(entry.occurrenceCount ?? 0, entry.occurrences?.length ?? 0);
    const fragments = entry.fragments === undefined ? null : JSON.stringify(entry.fragments);
    frontier.push([scan.key, urlId, entry.depth, entry.plan, entry.internal ? 1 : 0, entry.kind, entry.inSitemap ? 1 : 0, count, done ? 'done' : 'queued', fragments]);
    if (done && isCompleted(entry)) {
      results.push(resultValues(scan.key, urlId, entry.result, { internal: entry.internal, kind: entry.kind, inSitemap: entry.inSitemap ?? false, occurrenceCount: count }));
    }
    pushOccurrences(occurrences, scan.key, urlId, entry.occurrences ?? [], id);
  }
  for (const append of batch.occurrences ?? []) pushOccurrences(occurrences, scan.key, id(append.url), append.occurrences, id);
  await insertRows(ctx.trx, ctx.flavor, 'frontier', FRONTIER_COLUMNS, frontier, FRONTIER_UPSERT);
  await insertRows(ctx.trx, ctx.flavor, 'results', RESULT_COLUMNS, results, CHECKPOINT_RESULT_UPSERT);
  await insertRows(ctx.trx, ctx.flavor, 'occurrences', OCCURRENCE_COLUMNS, occurrences);
  const pageRows = [...pages.values()].map((p) => [scan.key, id(p.url), p.status, p.depth, p.title, p.anchors === undefined ? null : JSON.stringify(p.anchors)]);
  await insertRows(ctx.trx, ctx.flavor, 'pages', ['scan_key', 'url_id', 'status', 'depth', 'title', 'anchors'], pageRows, {
    on: ['scan_key', 'url_id'],
    set: ['status = excluded.status', 'depth = excluded.depth', 'title = excluded.title', 'anchors = coalesce(excluded.anchors, pages.anchors)'],
  });

  const c = batch.counters ?? {};
  await ctx.trx
    .updateTable('scans')
    .set({
      last_checkpoint_at: now,
      ...(c.pagesCrawled !== undefined && { pages_crawled: c.pagesCrawled }),
      ...(c.urlsChecked !== undefined && { urls_checked: c.urlsChecked }),
      ...(c.urlsFound !== undefined && { urls_found: c.urlsFound }),
      ...(c.findings !== undefined && { findings: c.findings }),
      ...(c.broken !== undefined && { broken: c.broken }),
    })
    .where('key', '=', scan.key)
    .execute();
  return interned;
}

function isCompleted(entry: FrontierEntry): entry is CompletedEntry {
  return (entry as Partial<CompletedEntry>).result !== undefined;
}

/** One row per URL per statement: Postgres refuses an upsert touching the same row twice. */
function mergeEntries(batch: CheckpointBatch): Map<string, { entry: FrontierEntry; done: boolean }> {
  const merged = new Map<string, { entry: FrontierEntry; done: boolean }>();
  const add = (entry: FrontierEntry, done: boolean): void => {
    const previous = merged.get(entry.url);
    if (!previous) {
      merged.set(entry.url, { entry, done });
      return;
    }
    const occurrences = [...(previous.entry.occurrences ?? []), ...(entry.occurrences ?? [])];
    const base = done || !previous.done ? entry : previous.entry;
    merged.set(entry.url, {
      done: done || previous.done,
      entry: {
        ...base,
        depth: Math.min(previous.entry.depth, entry.depth),
        inSitemap: Boolean(previous.entry.inSitemap || entry.inSitemap),
        occurrenceCount: Math.max(previous.entry.occurrenceCount ?? 0, entry.occurrenceCount ?? 0),
        occurrences,
      },
    });
  };
  for (const entry of batch.discovered ?? []) add(entry, false);
  for (const entry of batch.completed ?? []) add(entry, true);
  return merged;
}

function pushOccurrences(out: unknown[][], scanKey: number, targetId: number, list: readonly LinkOccurrence[], id: (url: string) => number): void {
  for (const o of list) out.push([scanKey, targetId, id(o.page), o.element, o.attribute, o.text, o.line]);
}

/** Saves findings after those already saved (report order), replacing any earlier row for the same URL. */
export async function writeFindings(ctx: WriteContext, scan: ScanRef, findings: readonly Finding[]): Promise<InternedUrls> {
  const last = new Map<string, Finding>();
  for (const f of findings) last.set(f.url, f);
  const urls = new Set<string>(last.keys());
  for (const f of last.values()) for (const o of f.occurrences) urls.add(o.page);
  const interned = await ctx.interner.intern(ctx.trx, ctx.flavor, scan.siteId, urls);
  const id = (url: string): number => interned.ids.get(url) as number;

  const top = await ctx.trx
    .selectFrom('results')
    .select((eb) => eb.fn.max('ord').as('ord'))
    .where('scan_key', '=', scan.key)
    .where('reported', '=', 1)
    .executeTakeFirst();
  let ord = top?.ord === null || top?.ord === undefined ? 0 : Number(top.ord) + 1;

  // A URL saved again replaces its earlier finding, occurrences included.
  for (const ids of chunked([...last.keys()].map(id))) {
    const replaced = await ctx.trx.selectFrom('results').select('ord').where('scan_key', '=', scan.key).where('url_id', 'in', ids).where('reported', '=', 1).execute();
    const ords = replaced.map((r) => Number(r.ord));
    if (ords.length > 0) await ctx.trx.deleteFrom('finding_occurrences').where('scan_key', '=', scan.key).where('ord', 'in', ords).execute();
  }
  const results: unknown[][] = [];
  const occurrences: unknown[][] = [];
  for (const f of last.values()) {
    const urlId = id(f.url);
    results.push(findingValues(scan.key, urlId, ord, f));
    for (const o of f.occurrences) occurrences.push([scan.key, ord, id(o.page), o.element, o.attribute, o.text, o.line]);
    ord += 1;
  }
  await insertRows(ctx.trx, ctx.flavor, 'results', RESULT_COLUMNS, results, { on: ['scan_key', 'url_id'], set: RESULT_UPDATE });
  await insertRows(ctx.trx, ctx.flavor, 'finding_occurrences', FINDING_OCCURRENCE_COLUMNS, occurrences);
  return interned;
}

/** Rows without foreign keys (see db-schema) go before their scans do. */
export async function deleteScanRows(trx: Kysely<DbSchema>, scanKeys: readonly number[]): Promise<void> {
  for (const keys of chunked(scanKeys)) {
    await trx.deleteFrom('occurrences').where('scan_key', 'in', keys).execute();
    await trx.deleteFrom('finding_occurrences').where('scan_key', 'in', keys).execute();
  }
}
