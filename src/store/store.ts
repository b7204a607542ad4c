import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ErrorCode } from '../core/error-codes.js';
import type { Finding, FindingCategory, LimitName, ScanReport, ScanSummary, Severity } from '../core/report-types.js';
import type { CheckResult, LinkOccurrence, ResourceKind } from '../core/types.js';
import type { BlacklistRule, BlacklistRuleInput } from './blacklist-rule.js';

export type ScanStatus = 'queued' | 'running' | 'completed' | 'failed' | 'aborted' | 'interrupted';
export const SCAN_STATUSES: readonly ScanStatus[] = ['queued', 'running', 'completed', 'failed', 'aborted', 'interrupted'];

/** Same values as the engine's FetchPlan; restated so the store depends on core only. */
export type StoredPlan = 'page' | 'stylesheet' | 'resource';

export interface Site {
  id: string;
  url: string;
  name: string;
  createdAt: string;
  settings: Record<string, unknown>;
  /** Null for the single-user CLI; the web app's user id later. */
  owner: string | null;
}

export interface NewSite {
  url: string;
  name?: string;
  settings?: Record<string, unknown>;
  owner?: string | null;
}

export interface ScanCounters {
  pagesCrawled: number;
  urlsChecked: number;
  urlsFound: number;
  findings: number;
  broken: number;
}

export interface Scan {
  id: string;
  siteId: string;
  status: ScanStatus;
  options: Record<string, unknown>;
  toolVersion: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  limitsHit: LimitName[];
  counters: ScanCounters;
  summary: ScanSummary | null;
  lastCheckpointAt: string | null;
  /** One line saying why a scan failed; null otherwise. */
  failure: string | null;
}

export interface NewScan {
  siteId: string;
  options: Record<string, unknown>;
  status?: 'queued' | 'running';
  /** Defaults to this package's version; reports show the version that produced them. */
  toolVersion?: string;
}

/** A URL the engine knows in a scan: queued, or done with its result. */
export interface FrontierEntry {
  url: string;
  depth: number;
  plan: StoredPlan;
  internal: boolean;
  kind: ResourceKind;
  inSitemap?: boolean;
  /** True total of occurrences so far (the stored list is capped by the engine). */
  occurrenceCount?: number;
  /** Occurrences new since the last checkpoint; appended to those already stored. */
  occurrences?: LinkOccurrence[];
  /** All #fragment references to this URL so far (replaces what was stored when given). */
  fragments?: FragmentReference[];
}

/** Links to `url#fragment`, kept so a resumed scan can still check the fragment. */
export interface FragmentReference {
  fragment: string;
  count: number;
  missing: boolean;
  occurrences: LinkOccurrence[];
}

export interface CompletedEntry extends FrontierEntry {
  result: CheckResult;
}

export interface CrawledPage {
  url: string;
  status: number | null;
  depth: number;
  title: string | null;
  /** The page's ids and names, for #fragment checks after a resume. */
  anchors?: string[];
}

/** New occurrences of a URL already in the frontier: appended without touching its frontier row. */
export interface OccurrenceAppend {
  url: string;
  occurrences: LinkOccurrence[];
}

/**
 * One checkpoint, written in one transaction so a crash leaves the previous checkpoint intact.
 * Send a URL in `discovered` once, then only its new occurrences in `occurrences` (cheap appends);
 * repeat it in `discovered` only to raise `occurrenceCount` past what the stored list shows.
 */
export interface CheckpointBatch {
  discovered?: FrontierEntry[];
  completed?: CompletedEntry[];
  occurrences?: OccurrenceAppend[];
  pages?: CrawledPage[];
  counters?: Partial<ScanCounters>;
}

export interface CheckpointEntry {
  url: string;
  state: 'queued' | 'done';
  depth: number;
  plan: StoredPlan;
  internal: boolean;
  kind: ResourceKind;
  inSitemap: boolean;
  /** The larger of the last count sent and the number of occurrences stored. */
  occurrenceCount: number;
  occurrences: LinkOccurrence[];
  result: CheckResult | null;
  fragments: FragmentReference[];
}

/** Everything needed to rebuild a scan's in-memory state and carry on. */
export interface Checkpoint {
  scan: Scan;
  entries: CheckpointEntry[];
  pages: CrawledPage[];
}

export type FindingSort = 'report' | 'url' | 'status' | 'severity' | 'occurrences' | 'duration';

export interface FindingQuery {
  severity?: Severity | Severity[];
  category?: FindingCategory | FindingCategory[];
  internal?: boolean;
  status?: number | number[];
  /** `null` selects plain HTTP outcomes (no engine code). */
  error?: ErrorCode | null | ErrorCode[];
  kind?: ResourceKind | ResourceKind[];
  /** Case-insensitive substring of the URL or title. */
  text?: string;
  /** Exactly this URL (a finding's own URL, `#fragment` included). */
  url?: string;
  /**
   * Leaves out URLs that were a finding (of any severity but `ok`) in this other scan of the same
   * site: "new since that scan". An id of another site's scan, or of no scan, leaves nothing out.
   */
  notInScan?: string;
  /** true: only findings a blacklist rule suppressed; false: only the others; absent: both. */
  suppressed?: boolean;
  limit: number;
  offset?: number;
  /** `report` (default) is the report's own order. */
  sort?: FindingSort;
  descending?: boolean;
  /** Cap on occurrences returned per finding (default: all stored). */
  occurrenceLimit?: number;
}

export interface FindingsPage {
  total: number;
  findings: Finding[];
}

export type UrlOutcome = 'ok' | 'failing' | 'absent';

export interface UrlHistoryEntry {
  scanId: string;
  startedAt: string;
  outcome: UrlOutcome;
  /** Outcome key (`HTTP_404`, `TIMEOUT`, `HTTP_200`...) when the scan recorded the URL. */
  code: string | null;
}

/**
 * Persistence for sites, scans, their results and blacklists. One contract, several adapters
 * (test/store/store-contract.ts); nothing here names a driver type.
 */
export interface Store {
  readonly backend: 'sqlite' | 'postgres';

  addSite(site: NewSite): Promise<Site>;
  getSite(id: string): Promise<Site | null>;
  getSiteByUrl(url: string, owner?: string | null): Promise<Site | null>;
  listSites(filter?: { owner?: string | null }): Promise<Site[]>;
  updateSiteSettings(id: string, settings: Record<string, unknown>): Promise<Site>;
  /** Removes the site with its scans, results and rules. False when it did not exist. */
  removeSite(id: string): Promise<boolean>;

  createScan(scan: NewScan): Promise<Scan>;
  getScan(id: string): Promise<Scan | null>;
  /** Newest first. */
  listScans(siteId: string, page?: { limit?: number; offset?: number }): Promise<Scan[]>;
  /** Newest first across all sites (or one owner's sites). */
  latestScans(limit: number, filter?: { owner?: string | null }): Promise<Scan[]>;
  markScanStatus(id: string, status: ScanStatus, failure?: string | null): Promise<Scan>;
  /** Stores the final summary. `completed` also drops the resume journal's occurrences. */
  finishScan(id: string, outcome: { status: ScanStatus; summary: ScanSummary }): Promise<Scan>;
  removeScan(id: string): Promise<boolean>;

  checkpoint(scanId: string, batch: CheckpointBatch): Promise<void>;
  loadCheckpoint(scanId: string): Promise<Checkpoint>;

  /** Stores final findings in report order; may be called in chunks. A URL saved twice keeps the last. */
  saveFindings(scanId: string, findings: readonly Finding[]): Promise<void>;
  getFindings(scanId: string, query: FindingQuery): Promise<FindingsPage>;
  /** The full report as saved: options, summary, and every finding with its occurrences. */
  getReport(scanId: string): Promise<ScanReport>;
  /** Per URL, its outcome in the site's last `lastN` completed scans, newest first. */
  urlHistory(siteId: string, urls: readonly string[], lastN: number): Promise<Map<string, UrlHistoryEntry[]>>;

  listBlacklistRules(siteId: string): Promise<BlacklistRule[]>;
  /** Throws StoreError INVALID_INPUT with the validator's message for a broken rule. */
  addBlacklistRule(siteId: string, rule: BlacklistRuleInput): Promise<BlacklistRule>;
  updateBlacklistRule(id: string, rule: BlacklistRuleInput): Promise<BlacklistRule>;
  removeBlacklistRule(id: string): Promise<boolean>;

  close(): Promise<void>;
}

/**
 * Opens (creating and migrating as needed) the store at `location`: a `postgres://` or
 * `postgresql://` URL (an optional `schema=` parameter selects the schema), else a SQLite file path.
 */
export async function openStore(location: string): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    const { openPostgresStore } = await import('./postgres-store.js');
    return openPostgresStore(location);
  }
  if (location !== ':memory:') await mkdir(dirname(location), { recursive: true });
  const { openSqliteStore } = await import('./sqlite-store.js');
  return openSqliteStore(location);
}

/** `$DISLIKE404_DB`, else `$XDG_DATA_HOME/dislike404/dislike404.sqlite`, else under ~/.local/share. */
export function defaultDatabasePath(env: Record<string, string | undefined> = process.env, home: string = homedir()): string {
  if (env.DISLIKE404_DB) return env.DISLIKE404_DB;
  const dataHome = env.XDG_DATA_HOME ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(dataHome, 'dislike404', 'dislike404.sqlite');
}
