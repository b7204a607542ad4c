import type { Selectable } from 'kysely';
import { SKIP_CODES, type ErrorCode } from '../core/error-codes.js';
import type { Finding, FindingCategory, FindingSuppression, LimitName, ScanSummary, Severity } from '../core/report-types.js';
import type { CheckResult, HttpMethod, LinkOccurrence, RedirectHop, ResourceKind } from '../core/types.js';
import type { BlacklistKind, BlacklistRule, BlacklistScope } from './blacklist-rule.js';
import type { BlacklistRulesTable, ResultsTable, ScansTable, SitesTable } from './db-schema.js';
import type { Scan, ScanStatus, Site } from './store.js';

// Rows come back from our own schema, so a cast of a stored enum string is a read of what we wrote.

export function siteFromRow(row: Selectable<SitesTable>): Site {
  return {
    id: row.id,
    url: row.url,
    name: row.name,
    createdAt: row.created_at,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    owner: row.owner,
  };
}

export function scanFromRow(row: Selectable<ScansTable>): Scan {
  return {
    id: row.id,
    siteId: row.site_id,
    status: row.status as ScanStatus,
    options: JSON.parse(row.options) as Record<string, unknown>,
    toolVersion: row.tool_version,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    limitsHit: JSON.parse(row.limits_hit) as LimitName[],
    counters: {
      pagesCrawled: Number(row.pages_crawled),
      urlsChecked: Number(row.urls_checked),
      urlsFound: Number(row.urls_found),
      findings: Number(row.findings),
      broken: Number(row.broken),
    },
    summary: row.summary === null ? null : (JSON.parse(row.summary) as ScanSummary),
    lastCheckpointAt: row.last_checkpoint_at,
    failure: row.failure,
  };
}

export function ruleFromRow(row: Selectable<BlacklistRulesTable>): BlacklistRule {
  return {
    id: row.id,
    siteId: row.site_id,
    kind: row.kind as BlacklistKind,
    pattern: row.pattern,
    statusCodes: row.status_codes === null ? null : (JSON.parse(row.status_codes) as number[]),
    errorCodes: row.error_codes === null ? null : (JSON.parse(row.error_codes) as ErrorCode[]),
    scope: row.scope as BlacklistScope,
    note: row.note,
    author: row.author,
    createdAt: row.created_at,
  };
}

/** Column order of the results upsert; `resultValues` and `findingValues` must follow it. */
export const RESULT_COLUMNS = [
  'scan_key', 'url_id', 'reported', 'ord', 'status', 'error', 'error_detail', 'redirects', 'final_url',
  'content_type', 'method', 'duration_ms', 'retries', 'internal', 'kind', 'in_sitemap', 'severity',
  'category', 'title', 'reason', 'advice', 'suggestion', 'occurrence_count', 'outcome_key', 'failing',
  'suppressed_by',
] as const;

export function outcomeKey(status: number | null, error: string | null): string {
  if (error !== null) return error;
  return status === null ? 'NO_RESPONSE' : `HTTP_${status}`;
}

// Mirrors classify/categorize for checkpointed results, which have no category yet: skipped and
// blocked outcomes say nothing about the link being broken.
const NOT_FAILING: ReadonlySet<string> = new Set<string>([...SKIP_CODES, 'BODY_TOO_LARGE', 'BOT_PROTECTION', 'BLOCKED_PRIVATE_ADDRESS']);

function resultFails(result: Pick<CheckResult, 'status' | 'error'>): boolean {
  if (result.error !== null) return !NOT_FAILING.has(result.error);
  return result.status === null || result.status >= 400;
}

export function resultValues(
  scanKey: number,
  urlId: number,
  result: CheckResult,
  extra: { internal: boolean; kind: ResourceKind; inSitemap: boolean; occurrenceCount: number },
): unknown[] {
  return [
    scanKey, urlId, 0, null, result.status, result.error, result.errorDetail, JSON.stringify(result.redirects), result.finalUrl,
    result.contentType, result.method, Math.round(result.durationMs), result.retries, extra.internal ? 1 : 0, extra.kind,
    extra.inSitemap ? 1 : 0, null, null, null, null, null, null, extra.occurrenceCount,
    outcomeKey(result.status, result.error), resultFails(result) ? 1 : 0, null,
  ];
}

export function findingValues(scanKey: number, urlId: number, ord: number, f: Finding): unknown[] {
  return [
    scanKey, urlId, 1, ord, f.status, f.error, f.errorDetail, JSON.stringify(f.redirects), f.finalUrl,
    f.contentType, f.method, f.durationMs, f.retries, f.internal ? 1 : 0, f.kind, f.inSitemap ? 1 : 0, f.severity,
    f.category, f.title, f.reason, f.advice, f.suggestion, f.occurrenceCount,
    outcomeKey(f.status, f.error), f.category === 'broken' ? 1 : 0,
    f.suppressedBy === null ? null : JSON.stringify(f.suppressedBy),
  ];
}

export type ResultRow = Selectable<ResultsTable> & { url: string };

export function checkResultFromRow(row: ResultRow): CheckResult {
  return {
    url: row.url,
    finalUrl: row.final_url,
    status: row.status === null ? null : Number(row.status),
    error: row.error as ErrorCode | null,
    errorDetail: row.error_detail,
    redirects: JSON.parse(row.redirects) as RedirectHop[],
    contentType: row.content_type,
    method: row.method as HttpMethod | null,
    durationMs: Number(row.duration_ms),
    retries: Number(row.retries),
  };
}

export function findingFromRow(row: ResultRow, occurrences: LinkOccurrence[]): Finding {
  return {
    url: row.url,
    status: row.status === null ? null : Number(row.status),
    error: row.error as ErrorCode | null,
    errorDetail: row.error_detail,
    severity: (row.severity ?? 'ok') as Severity,
    category: (row.category ?? 'ok') as FindingCategory,
    title: row.title ?? '',
    reason: row.reason ?? '',
    advice: row.advice ?? '',
    suggestion: row.suggestion,
    internal: Number(row.internal) === 1,
    kind: row.kind as ResourceKind,
    finalUrl: row.final_url,
    redirects: JSON.parse(row.redirects) as RedirectHop[],
    contentType: row.content_type,
    method: row.method as HttpMethod | null,
    durationMs: Number(row.duration_ms),
    retries: Number(row.retries),
    inSitemap: Number(row.in_sitemap) === 1,
    occurrences,
    occurrenceCount: Number(row.occurrence_count),
    suppressedBy: row.suppressed_by === null || row.suppressed_by === undefined ? null : (JSON.parse(row.suppressed_by) as FindingSuppression),
    history: null,
  };
}

export function isScanStatus(value: string): value is ScanStatus {
  return ['queued', 'running', 'completed', 'failed', 'aborted', 'interrupted'].includes(value);
}
