import { randomUUID } from 'node:crypto';
import type { Finding, ScanReport, ScanSummary } from '../core/report-types.js';
import { TOOL_VERSION } from '../core/tool-info.js';
import type { BlacklistRule, BlacklistRuleInput } from './blacklist-rule.js';
import { insertRule, listRules, removeRule, updateRule, validatedRule } from './blacklist-queries.js';
import { scanFromRow, siteFromRow } from './row-mapping.js';
import type { SqlBackend } from './sql-backend.js';
import { StoreError, toStoreError } from './store-error.js';
import { readAllFindings, readCheckpoint, readFindings, readUrlHistory } from './store-reads.js';
import { deleteScanRows, writeCheckpoint, writeFindings, type ScanRef } from './store-writes.js';
import { UrlInterner } from './url-interner.js';
import type { Checkpoint, CheckpointBatch, FindingQuery, FindingsPage, NewScan, NewSite, Scan, ScanStatus, Site, Store, UrlHistoryEntry } from './store.js';

const ENDED: ReadonlySet<ScanStatus> = new Set<ScanStatus>(['completed', 'failed', 'aborted']);

/** The Store over any SQL backend; adapters differ only in how they connect and lock. */
export class SqlStore implements Store {
  readonly backend: 'sqlite' | 'postgres';
  readonly #sql: SqlBackend;
  readonly #interner = new UrlInterner();
  readonly #scanRefs = new Map<string, ScanRef>();

  constructor(backend: SqlBackend) {
    this.#sql = backend;
    this.backend = backend.flavor;
  }

  async #guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toStoreError(error, what);
    }
  }

  addSite(site: NewSite): Promise<Site> {
    return this.#guard('addSite', () =>
      this.#sql.write(async (trx) => {
        const owner = site.owner ?? null;
        let existing = trx.selectFrom('sites').select('id').where('url', '=', site.url);
        existing = owner === null ? existing.where('owner', 'is', null) : existing.where('owner', '=', owner);
        if (await existing.executeTakeFirst()) throw new StoreError('CONFLICT', `A site for ${site.url} already exists`);
        const row = { id: randomUUID(), url: site.url, name: site.name ?? site.url, created_at: now(), settings: JSON.stringify(site.settings ?? {}), owner };
        await trx.insertInto('sites').values(row).execute();
        return siteFromRow(row);
      }),
    );
  }

  getSite(id: string): Promise<Site | null> {
    return this.#guard('getSite', async () => {
      const row = await this.#sql.db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? siteFromRow(row) : null;
    });
  }

  getSiteByUrl(url: string, owner: string | null = null): Promise<Site | null> {
    return this.#guard('getSiteByUrl', async () => {
      const q = this.#sql.db.selectFrom('sites').selectAll().where('url', '=', url);
      const row = await (owner === null ? q.where('owner', 'is', null) : q.where('owner', '=', owner)).executeTakeFirst();
      return row ? siteFromRow(row) : null;
    });
  }

  listSites(filter: { owner?: string | null } = {}): Promise<Site[]> {
    return this.#guard('listSites', async () => {
      let q = this.#sql.db.selectFrom('sites').selectAll().orderBy('created_at').orderBy('id');
      if (filter.owner !== undefined) q = filter.owner === null ? q.where('owner', 'is', null) : q.where('owner', '=', filter.owner);
      return (await q.execute()).map(siteFromRow);
    });
  }

  updateSiteSettings(id: string, settings: Record<string, unknown>): Promise<Site> {
    return this.#guard('updateSiteSettings', async () => {
      await this.#sql.db.updateTable('sites').set({ settings: JSON.stringify(settings) }).where('id', '=', id).execute();
      const site = await this.getSite(id);
      if (!site) throw new StoreError('NOT_FOUND', `No site ${id}`);
      return site;
    });
  }

  removeSite(id: string): Promise<boolean> {
    return this.#guard('removeSite', async () => {
      const result = await this.#sql.write(async (trx) => {
        const keys = await trx.selectFrom('scans').select('key').where('site_id', '=', id).execute();
        await deleteScanRows(trx, keys.map((k) => Number(k.key)));
        return trx.deleteFrom('sites').where('id', '=', id).executeTakeFirst();
      });
      this.#interner.forget(id);
      for (const [scanId, ref] of this.#scanRefs) if (ref.siteId === id) this.#scanRefs.delete(scanId);
      return Number(result.numDeletedRows) > 0;
    });
  }

  createScan(scan: NewScan): Promise<Scan> {
    return this.#guard('createScan', async () => {
      if (!(await this.getSite(scan.siteId))) throw new StoreError('NOT_FOUND', `No site ${scan.siteId}`);
      const at = now();
      const status = scan.status ?? 'queued';
      const id = randomUUID();
      await this.#sql.db
        .insertInto('scans')
        .values({
          id, site_id: scan.siteId, status, options: JSON.stringify(scan.options), tool_version: scan.toolVersion ?? TOOL_VERSION,
          created_at: at, started_at: status === 'running' ? at : null, finished_at: null, duration_ms: null, limits_hit: '[]',
          pages_crawled: 0, urls_checked: 0, urls_found: 0, findings: 0, broken: 0, summary: null, last_checkpoint_at: null, failure: null,
        })
        .execute();
      return this.#requireScan(id);
    });
  }

  getScan(id: string): Promise<Scan | null> {
    return this.#guard('getScan', async () => {
      const row = await this.#sql.db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? scanFromRow(row) : null;
    });
  }

  listScans(siteId: string, page: { limit?: number; offset?: number } = {}): Promise<Scan[]> {
    return this.#guard('listScans', async () => {
      const rows = await this.#sql.db
        .selectFrom('scans').selectAll().where('site_id', '=', siteId)
        .orderBy('created_at', 'desc').orderBy('key', 'desc')
        .limit(page.limit ?? 100).offset(page.offset ?? 0)
        .execute();
      return rows.map(scanFromRow);
    });
  }

  latestScans(limit: number, filter: { owner?: string | null } = {}): Promise<Scan[]> {
    return this.#guard('latestScans', async () => {
      let q = this.#sql.db.selectFrom('scans as s').innerJoin('sites as t', 't.id', 's.site_id').selectAll('s');
      if (filter.owner !== undefined) q = filter.owner === null ? q.where('t.owner', 'is', null) : q.where('t.owner', '=', filter.owner);
      const rows = await q.orderBy('s.created_at', 'desc').orderBy('s.key', 'desc').limit(limit).execute();
      return rows.map(scanFromRow);
    });
  }

  markScanStatus(id: string, status: ScanStatus, failure: string | null = null): Promise<Scan> {
    return this.#guard('markScanStatus', async () => {
      const scan = await this.#requireScan(id);
      const at = now();
      const startedAt = scan.startedAt ?? (status === 'queued' ? null : at);
      await this.#sql.db
        .updateTable('scans')
        .set({
          status,
          failure,
          started_at: startedAt,
          ...(ENDED.has(status) && { finished_at: at, duration_ms: startedAt === null ? 0 : Date.parse(at) - Date.parse(startedAt) }),
        })
        .where('id', '=', id)
        .execute();
      return this.#requireScan(id);
    });
  }

  finishScan(id: string, outcome: { status: ScanStatus; summary: ScanSummary }): Promise<Scan> {
    return this.#guard('finishScan', async () => {
      const scan = await this.#requireScan(id);
      const s = outcome.summary;
      const ref = await this.#ref(id);
      await this.#sql.write(async (trx) => {
        // A completed scan is never resumed; its checkpointed occurrences are the bulk of the file.
        if (outcome.status === 'completed') await trx.deleteFrom('occurrences').where('scan_key', '=', ref.key).execute();
        await trx
          .updateTable('scans')
          .set({
            status: outcome.status, summary: JSON.stringify(s), started_at: scan.startedAt ?? s.startedAt, finished_at: s.finishedAt,
            duration_ms: s.durationMs, limits_hit: JSON.stringify(s.limitsHit), pages_crawled: s.pagesCrawled, urls_checked: s.urlsChecked,
            urls_found: s.urlsFound, findings: s.findings, broken: s.broken,
          })
          .where('id', '=', id)
          .execute();
      });
      return this.#requireScan(id);
    });
  }

  removeScan(id: string): Promise<boolean> {
    return this.#guard('removeScan', async () => {
      this.#scanRefs.delete(id);
      const result = await this.#sql.write(async (trx) => {
        const row = await trx.selectFrom('scans').select('key').where('id', '=', id).executeTakeFirst();
        if (row) await deleteScanRows(trx, [Number(row.key)]);
        return trx.deleteFrom('scans').where('id', '=', id).executeTakeFirst();
      });
      return Number(result.numDeletedRows) > 0;
    });
  }

  checkpoint(scanId: string, batch: CheckpointBatch): Promise<void> {
    return this.#guard('checkpoint', async () => {
      const ref = await this.#ref(scanId);
      const interned = await this.#sql.write((trx) => writeCheckpoint({ trx, flavor: this.backend, interner: this.#interner }, ref, batch, now()));
      interned.commit();
    });
  }

  loadCheckpoint(scanId: string): Promise<Checkpoint> {
    return this.#guard('loadCheckpoint', async () => {
      const ref = await this.#ref(scanId);
      const scan = await this.#requireScan(scanId);
      return { scan, ...(await readCheckpoint(this.#sql.db, ref)) };
    });
  }

  saveFindings(scanId: string, findings: readonly Finding[]): Promise<void> {
    return this.#guard('saveFindings', async () => {
      const ref = await this.#ref(scanId);
      const interned = await this.#sql.write((trx) => writeFindings({ trx, flavor: this.backend, interner: this.#interner }, ref, findings));
      interned.commit();
    });
  }

  getFindings(scanId: string, query: FindingQuery): Promise<FindingsPage> {
    return this.#guard('getFindings', async () => readFindings(this.#sql.db, this.backend, await this.#ref(scanId), query));
  }

  getReport(scanId: string): Promise<ScanReport> {
    return this.#guard('getReport', async () => {
      const scan = await this.#requireScan(scanId);
      if (!scan.summary) throw new StoreError('SCAN_NOT_FINISHED', `Scan ${scanId} has no summary yet (status ${scan.status})`);
      const findings = await readAllFindings(this.#sql.db, await this.#ref(scanId));
      return { schemaVersion: 1, tool: { name: 'dislike404', version: scan.toolVersion }, options: scan.options, summary: scan.summary, findings };
    });
  }

  urlHistory(siteId: string, urls: readonly string[], lastN: number): Promise<Map<string, UrlHistoryEntry[]>> {
    return this.#guard('urlHistory', () => readUrlHistory(this.#sql.db, siteId, urls, lastN));
  }

  listBlacklistRules(siteId: string): Promise<BlacklistRule[]> {
    return this.#guard('listBlacklistRules', () => listRules(this.#sql.db, siteId));
  }

  addBlacklistRule(siteId: string, input: BlacklistRuleInput): Promise<BlacklistRule> {
    return this.#guard('addBlacklistRule', async () => {
      const rule = validatedRule(input);
      if (!(await this.getSite(siteId))) throw new StoreError('NOT_FOUND', `No site ${siteId}`);
      return this.#sql.write((trx) => insertRule(trx, siteId, rule, now()));
    });
  }

  updateBlacklistRule(id: string, input: BlacklistRuleInput): Promise<BlacklistRule> {
    return this.#guard('updateBlacklistRule', () => updateRule(this.#sql.db, id, validatedRule(input)));
  }

  removeBlacklistRule(id: string): Promise<boolean> {
    return this.#guard('removeBlacklistRule', () => removeRule(this.#sql.db, id));
  }

  close(): Promise<void> {
    return this.#guard('close', () => this.#sql.close());
  }

  async #requireScan(id: string): Promise<Scan> {
    const scan = await this.getScan(id);
    if (!scan) throw new StoreError('NOT_FOUND', `No scan ${id}`);
    return scan;
  }

  async #ref(scanId: string): Promise<ScanRef> {
    const cached = this.#scanRefs.get(scanId);
    if (cached) return cached;
    const row = await this.#sql.db.selectFrom('scans').select(['key', 'site_id']).where('id', '=', scanId).executeTakeFirst();
    if (!row) throw new StoreError('NOT_FOUND', `No scan ${scanId}`);
    const ref = { key: Number(row.key), id: scanId, siteId: row.site_id };
    this.#scanRefs.set(scanId, ref);
    return ref;
  }
}

function now(): string {
  return new Date().toISOString();
}
