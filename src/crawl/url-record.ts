import type { ErrorCode } from '../core/error-codes.js';
import type { CheckResult, LinkOccurrence, ResourceKind } from '../core/types.js';

/**
 * How a URL is fetched. `page`: internal, GET once, parsed when HTML. `stylesheet`: internal CSS,
 * GET and parsed for url(). `resource`: everything else, HEAD then GET.
 */
export type FetchPlan = 'page' | 'stylesheet' | 'resource';

export const enum RecordState {
  Queued = 0,
  Active = 1,
  Done = 2,
}

/** Everything the scan knows about one unique URL. Kept small: a scan holds one per unique URL. */
export interface UrlRecord {
  key: string;
  /** host[:port], the politeness key. Empty for non-fetchable records. */
  host: string;
  internal: boolean;
  kind: ResourceKind;
  plan: FetchPlan;
  depth: number;
  state: RecordState;
  result: CheckResult | null;
  /** Occurrences kept while the outcome is unknown or not a success; null once dropped. */
  occurrences: LinkOccurrence[] | null;
  occurrenceCount: number;
  /** Fragment references awaiting (or having failed) an anchor check: fragment → occurrences. */
  fragments: Map<string, { occurrences: LinkOccurrence[]; count: number; missing: boolean }> | null;
  /** '\n'-joined ids/names of the parsed HTML page, with leading and trailing '\n'; null until parsed. */
  anchors: string | null;
  inSitemap: boolean;
  /** Created for the end of a redirect chain, not linked directly: reported only if linked later. */
  derived: boolean;
  /** Title+heading of a crawled 2xx page, to compare with the site's own "not found" page. */
  signature: string | null;
  /** For records that are findings without a fetch (invalid URL, bad mailto): the text shown as url. */
  display: string | null;
}

/** A class rather than an object literal so every record shares one hidden shape (hot path). */
class Record implements UrlRecord {
  state = RecordState.Queued;
  result: CheckResult | null = null;
  occurrences: LinkOccurrence[] | null = [];
  occurrenceCount = 0;
  fragments: UrlRecord['fragments'] = null;
  anchors: string | null = null;
  inSitemap = false;
  derived = false;
  display: string | null = null;
  signature: string | null = null;
  key: string;
  host: string;
  internal: boolean;
  kind: ResourceKind;
  plan: FetchPlan;
  depth: number;

  constructor(fields: Pick<UrlRecord, 'key' | 'host' | 'internal' | 'kind' | 'plan' | 'depth'>) {
    this.key = fields.key;
    this.host = fields.host;
    this.internal = fields.internal;
    this.kind = fields.kind;
    this.plan = fields.plan;
    this.depth = fields.depth;
  }
}

export function newRecord(fields: Pick<UrlRecord, 'key' | 'host' | 'internal' | 'kind' | 'plan' | 'depth'>): UrlRecord {
  return new Record(fields);
}

export function syntheticResult(url: string, error: ErrorCode, detail: string | null = null): CheckResult {
  return {
    url,
    finalUrl: url,
    status: null,
    error,
    errorDetail: detail,
    redirects: [],
    contentType: null,
    method: null,
    durationMs: 0,
    retries: 0,
  };
}

export function addOccurrence(record: UrlRecord, occurrence: LinkOccurrence, cap: number, keep: boolean): void {
  record.occurrenceCount += 1;
  if (!keep || record.occurrences === null) return;
  if (record.occurrences.length < cap) record.occurrences.push(occurrence);
}
