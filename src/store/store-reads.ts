import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Finding } from '../core/report-types.js';
import type { LinkOccurrence, ResourceKind } from '../core/types.js';
import type { DbSchema, SqlFlavor } from './db-schema.js';
import { checkResultFromRow, findingFromRow, scanFromRow, type ResultRow } from './row-mapping.js';
import { chunked } from './sql-backend.js';
import type { Checkpoint, CheckpointEntry, FindingQuery, FragmentReference, FindingsPage, StoredPlan, UrlHistoryEntry } from './store.js';
import { lookupUrlIds, urlKey } from './url-interner.js';
import type { ScanRef } from './store-writes.js';

type Db = Kysely<DbSchema>;

function list<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function resultsOf(db: Db, scanKey: number) {
  return db.selectFrom('results as r').innerJoin('urls as u', 'u.id', 'r.url_id').where('r.scan_key', '=', scanKey);
}

export async function readFindings(db: Db, flavor: SqlFlavor, scan: ScanRef, query: FindingQuery): Promise<FindingsPage> {
  let q = resultsOf(db, scan.key).where('r.reported', '=', 1);
  if (query.severity !== undefined) q = q.where('r.severity', 'in', list(query.severity));
  if (query.category !== undefined) q = q.where('r.category', 'in', list(query.category));
  if (query.internal !== undefined) q = q.where('r.internal', '=', query.internal ? 1 : 0);
  if (query.status !== undefined) q = q.where('r.status', 'in', list(query.status));
  if (query.error === null) q = q.where('r.error', 'is', null);
  else if (query.error !== undefined) q = q.where('r.error', 'in', list(query.error));
  if (query.kind !== undefined) q = q.where('r.kind', 'in', list(query.kind));
  if (query.text) {
    const pattern = `%${escapeLike(query.text.toLowerCase())}%`;
    q = q.where(sql<SqlBool>`(lower(u.url) like ${pattern} escape '\\' or lower(coalesce(r.title, '')) like ${pattern} escape '\\')`);
  }
  if (query.suppressed !== undefined) q = q.where('r.suppressed_by', query.suppressed ? 'is not' : 'is', null);
  if (query.url !== undefined) q = q.where('u.site_id', '=', scan.siteId).where('u.url_key', '=', urlKey(query.url)).where('u.url', '=', query.url);
  if (query.notInScan !== undefined) {
    // The results primary key (scan_key, url_id) makes this one index probe per row.
    const other = query.notInScan;
    // The other scan's key is looked up once (an uncorrelated subquery), not per row.
    const otherKey = db.selectFrom('scans').select('key').where('id', '=', other).where('site_id', '=', scan.siteId);
    q = q.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('results as p')
            .select(sql`1`.as('one'))
            .where('p.scan_key', '=', otherKey)
            .whereRef('p.url_id', '=', 'r.url_id')
            .where('p.reported', '=', 1)
            .where('p.severity', '<>', 'ok'),
        ),
      ),
    );
  }
  const count = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const total = Number(count?.n ?? 0);

  const sort = query.sort ?? 'report';
  const descending = query.descending ?? (sort === 'occurrences' || sort === 'duration');
  const direction = descending ? 'desc' : 'asc';
  // Postgres would sort by its locale collation; "C" gives the byte order SQLite uses.
  const byUrl: Expression<string> = flavor === 'postgres' ? sql<string>`u.url collate "C"` : sql<string>`u.url`;
  const primary: Expression<unknown> | null =
    sort === 'url' ? byUrl
    : sort === 'status' ? sql`coalesce(r.status, 0)`
    : sort === 'occurrences' ? sql`r.occurrence_count`
    : sort === 'duration' ? sql`r.duration_ms`
    : null;
  let rowsQuery = q.selectAll('r').select('u.url');
  if (primary) rowsQuery = rowsQuery.orderBy(primary, direction).orderBy('r.ord', 'asc');
  else rowsQuery = rowsQuery.orderBy('r.ord', direction);
  const rows = (await rowsQuery.limit(query.limit).offset(query.offset ?? 0).execute()) as ResultRow[];

  const occurrences = await occurrencesFor(db, scan.key, rows.map((r) => Number(r.ord)));
  const cap = query.occurrenceLimit;
  const findings = rows.map((row) => {
    const all = occurrences.get(Number(row.ord)) ?? [];
    return findingFromRow(row, cap === undefined ? all : all.slice(0, cap));
  });
  return { total, findings };
}

/** Occurrences of saved findings by report position. */
async function occurrencesFor(db: Db, scanKey: number, ords: readonly number[]): Promise<Map<number, LinkOccurrence[]>> {
  const byOrd = new Map<number, LinkOccurrence[]>();
  for (const chunk of chunked(ords)) {
    const rows = await db
      .selectFrom('finding_occurrences as o')
      .innerJoin('urls as p', 'p.id', 'o.page_url_id')
      .select(['o.ord as owner', 'p.url as page', 'o.element', 'o.attribute', 'o.text', 'o.line'])
      .where('o.scan_key', '=', scanKey)
      .where('o.ord', 'in', chunk)
      .orderBy('o.id')
      .execute();
    groupOccurrences(byOrd, rows);
  }
  return byOrd;
}

interface OccurrenceRow {
  owner: number;
  page: string;
  element: string;
  attribute: string;
  text: string;
  line: number;
}

function groupOccurrences(into: Map<number, LinkOccurrence[]>, rows: readonly OccurrenceRow[]): void {
  for (const row of rows) {
    const target = Number(row.owner);
    let bucket = into.get(target);
    if (!bucket) into.set(target, (bucket = []));
    bucket.push({ page: row.page, element: row.element, attribute: row.attribute, text: row.text, line: Number(row.line) });
  }
}

/** Every saved finding in report order, with all stored occurrences. */
export async function readAllFindings(db: Db, scan: ScanRef): Promise<Finding[]> {
  const rows = (await resultsOf(db, scan.key).where('r.reported', '=', 1).selectAll('r').select('u.url').orderBy('r.ord').execute()) as ResultRow[];
  // Millions of rows: resolving page ids from one map beats a join per row.
  const pageUrls = await siteUrls(db, scan.siteId);
  const occurrences = new Map<number, LinkOccurrence[]>();
  const occurrenceRows = await db
    .selectFrom('finding_occurrences')
    .select(['ord', 'page_url_id', 'element', 'attribute', 'text', 'line'])
    .where('scan_key', '=', scan.key)
    .orderBy('id')
    .execute();
  for (const row of occurrenceRows) {
    const ord = Number(row.ord);
    let bucket = occurrences.get(ord);
    if (!bucket) occurrences.set(ord, (bucket = []));
    bucket.push({ page: pageUrls.get(Number(row.page_url_id)) ?? '', element: row.element, attribute: row.attribute, text: row.text, line: Number(row.line) });
  }
  return rows.map((row) => findingFromRow(row, occurrences.get(Number(row.ord)) ?? []));
}

async function siteUrls(db: Db, siteId: string): Promise<Map<number, string>> {
  const rows = await db.selectFrom('urls').select(['id', 'url']).where('site_id', '=', siteId).execute();
  return new Map(rows.map((r) => [Number(r.id), r.url]));
}

function parseJsonArray<T>(text: string | null): T[] {
  if (text === null) return [];
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? (value as T[]) : [];
}

export async function readCheckpoint(db: Db, scan: ScanRef): Promise<Omit<Checkpoint, 'scan'>> {
  const frontier = await db
    .selectFrom('frontier as f')
    .innerJoin('urls as u', 'u.id', 'f.url_id')
    .selectAll('f')
    .select('u.url')
    .where('f.scan_key', '=', scan.key)
    .orderBy('f.url_id')
    .execute();
  const results = (await resultsOf(db, scan.key).selectAll('r').select('u.url').execute()) as ResultRow[];
  const resultById = new Map(results.map((r) => [Number(r.url_id), r]));
  const occurrenceRows = await db
    .selectFrom('occurrences as o')
    .innerJoin('urls as p', 'p.id', 'o.page_url_id')
    .select(['o.target_url_id as owner', 'p.url as page', 'o.element', 'o.attribute', 'o.text', 'o.line'])
    .where('o.scan_key', '=', scan.key)
    .orderBy('o.id')
    .execute();
  const occurrences = new Map<number, LinkOccurrence[]>();
  groupOccurrences(occurrences, occurrenceRows);
  const entries: CheckpointEntry[] = frontier.map((f) => {
    const result = resultById.get(Number(f.url_id));
    const list = occurrences.get(Number(f.url_id)) ?? [];
    return {
      url: f.url,
      state: f.state === 'done' ? 'done' : 'queued',
      depth: Number(f.depth),
      plan: f.plan as StoredPlan,
      internal: Number(f.internal) === 1,
      kind: f.kind as ResourceKind,
      inSitemap: Number(f.in_sitemap) === 1,
      occurrenceCount: Math.max(Number(f.occurrence_count), list.length),
      occurrences: list,
      result: result ? checkResultFromRow(result) : null,
      fragments: parseJsonArray<FragmentReference>(f.fragments),
    };
  });
  const pages = await db
    .selectFrom('pages as p')
    .innerJoin('urls as u', 'u.id', 'p.url_id')
    .select(['u.url', 'p.status', 'p.depth', 'p.title', 'p.anchors'])
    .where('p.scan_key', '=', scan.key)
    .orderBy('p.url_id')
    .execute();
  return {
    entries,
    pages: pages.map((p) => ({
      url: p.url,
      status: p.status === null ? null : Number(p.status),
      depth: Number(p.depth),
      title: p.title,
      ...(p.anchors !== null && { anchors: parseJsonArray<string>(p.anchors) }),
    })),
  };
}

export async function readUrlHistory(db: Db, siteId: string, urls: readonly string[], lastN: number): Promise<Map<string, UrlHistoryEntry[]>> {
  const history = new Map<string, UrlHistoryEntry[]>(urls.map((u) => [u, []]));
  if (urls.length === 0 || lastN <= 0) return history;
  const scans = await db
    .selectFrom('scans')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('status', '=', 'completed')
    .orderBy('created_at', 'desc')
    .orderBy('key', 'desc')
    .limit(lastN)
    .execute();
  if (scans.length === 0) return history;
  const ids = await lookupUrlIds(db, siteId, urls);
  const outcomes = new Map<string, { failing: boolean; code: string }>();
  const scanKeys = scans.map((s) => Number(s.key));
  for (const chunk of chunked([...ids.values()])) {
    const rows = await db
      .selectFrom('results')
      .select(['scan_key', 'url_id', 'outcome_key', 'failing'])
      .where('scan_key', 'in', scanKeys)
      .where('url_id', 'in', chunk)
      .execute();
    for (const row of rows) outcomes.set(`${row.scan_key}:${row.url_id}`, { failing: Number(row.failing) === 1, code: row.outcome_key });
  }
  for (const url of urls) {
    const urlId = ids.get(url);
    const entries = history.get(url) ?? [];
    for (const s of scans) {
      const scan = scanFromRow(s);
      const outcome = urlId === undefined ? undefined : outcomes.get(`${s.key}:${urlId}`);
      entries.push({
        scanId: scan.id,
        startedAt: scan.startedAt ?? scan.createdAt,
        outcome: outcome === undefined ? 'absent' : outcome.failing ? 'failing' : 'ok',
        code: outcome?.code ?? null,
      });
    }
    history.set(url, entries);
  }
  return history;
}
