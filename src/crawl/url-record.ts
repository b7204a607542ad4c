import { detachString } from '../core/detach-string.js';
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
  /** Occurrences kept while the outcome is unknown or not a success, packed; null once dropped. */
  occurrences: PackedOccurrences | null;
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
  occurrences: PackedOccurrences | null = NO_OCCURRENCES;
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

/** Element and attribute of an occurrence: one shared object per pair seen, not two strings each. */
interface OccurrenceSite {
  readonly element: string;
  readonly attribute: string;
}

/**
 * A record's occurrences, four slots each: page, text, site, line. Queued pages of a large site
 * hold hundreds of thousands of them; packed they cost 16 bytes each plus their text, where an
 * object per occurrence cost 36 (and an array per record, even an empty one, 16 more).
 */
export type PackedOccurrences = (string | number | OccurrenceSite)[];

const SLOTS = 4;

/** The empty list every record starts with; replaced (never written to) by the first occurrence. */
const NO_OCCURRENCES = Object.freeze([]) as unknown as PackedOccurrences;

/** Distinct element/attribute pairs are few (the extractor's tag table); beyond this many, stop sharing. */
const MAX_SHARED_SITES = 1024;
const sharedSites = new Map<string, Map<string, OccurrenceSite>>();
let sharedSiteCount = 0;

function siteOf(element: string, attribute: string): OccurrenceSite {
  const byAttribute = sharedSites.get(element);
  const known = byAttribute?.get(attribute);
  if (known !== undefined) return known;
  const site = { element: detachString(element), attribute: detachString(attribute) };
  if (sharedSiteCount >= MAX_SHARED_SITES) return site;
  sharedSiteCount += 1;
  if (byAttribute === undefined) sharedSites.set(site.element, new Map([[site.attribute, site]]));
  else byAttribute.set(site.attribute, site);
  return site;
}

/** Count one more place the URL appears, and keep it (up to `cap`) while the record keeps them. */
export function addOccurrence(record: UrlRecord, occurrence: LinkOccurrence, cap: number, keep: boolean): void {
  record.occurrenceCount += 1;
  const list = record.occurrences;
  if (!keep || list === null || list.length >= cap * SLOTS) return;
  const site = siteOf(occurrence.element, occurrence.attribute);
  if (list === NO_OCCURRENCES) record.occurrences = [occurrence.page, occurrence.text, site, occurrence.line];
  else list.push(occurrence.page, occurrence.text, site, occurrence.line);
}

/** Whether another occurrence would be kept (so its text is worth copying out of the page). */
export function keepsMoreOccurrences(record: UrlRecord, cap: number): boolean {
  return record.occurrences !== null && record.occurrences.length < cap * SLOTS;
}

/** The kept occurrences in the report's shape (a fresh array; the record keeps its packed list). */
export function occurrencesOf(record: UrlRecord): LinkOccurrence[] {
  const list = record.occurrences;
  if (list === null) return [];
  const out: LinkOccurrence[] = new Array<LinkOccurrence>(list.length / SLOTS);
  for (let i = 0, j = 0; i < list.length; i += SLOTS, j += 1) {
    const site = list[i + 2] as OccurrenceSite;
    out[j] = { page: list[i] as string, element: site.element, attribute: site.attribute, text: list[i + 1] as string, line: list[i + 3] as number };
  }
  return out;
}

/** Occurrences taken back from a checkpoint: packed like new ones, without counting them again. */
export function restoreOccurrences(record: UrlRecord, occurrences: readonly LinkOccurrence[], cap: number): void {
  record.occurrences = NO_OCCURRENCES;
  const count = record.occurrenceCount;
  for (const occurrence of occurrences) addOccurrence(record, occurrence, cap, true);
  record.occurrenceCount = count;
}

/** Start keeping occurrences again (a page that was fine turned out a soft 404). */
export function resumeOccurrences(record: UrlRecord): void {
  record.occurrences ??= NO_OCCURRENCES;
}
