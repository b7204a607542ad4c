import { z } from 'zod';
import { ERROR_CODES } from '../../core/error-codes.js';
import { SEVERITIES } from '../../core/report-types.js';
import type { ResourceKind } from '../../core/types.js';
import type { FindingQuery } from '../../store/store.js';

export const PAGE_SIZE = 50;
export const RESOURCE_KINDS = ['page', 'image', 'script', 'stylesheet', 'font', 'media', 'document', 'frame', 'other'] as const satisfies readonly ResourceKind[];
export const RESULT_SORTS = ['severity', 'url', 'status', 'occurrences', 'duration'] as const;

/** An HTML GET form sends every field, empty ones as ''; those mean "no filter". */
function optional<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

export const resultsQuerySchema = z
  .object({
    scope: optional(z.enum(['internal', 'external'])),
    severity: optional(z.enum(SEVERITIES)),
    status: optional(z.coerce.number().int().min(100).max(599)),
    code: optional(z.enum(ERROR_CODES)),
    kind: optional(z.enum(RESOURCE_KINDS)),
    q: optional(z.string().trim().max(200)),
    sort: optional(z.enum(RESULT_SORTS)),
    dir: optional(z.enum(['asc', 'desc'])),
    /** `1`: only URLs that were no finding in the site's previous completed scan. */
    new: optional(z.enum(['1'])),
    /** `1`: also list findings a blacklist rule suppressed (hidden by default, as in every report). */
    suppressed: optional(z.enum(['1'])),
    page: optional(z.coerce.number().int().min(1).max(1_000_000)),
  })
  .strict();

export type ResultsQuery = z.infer<typeof resultsQuerySchema>;

const ruleId = z.uuid();

/**
 * The results page's own query: the filters, plus the one-shot notice an action redirects back
 * with (a rule just added or already there, or one just removed). Links and forms on the page
 * carry the filters only, so the notice does not follow the user around.
 */
export const resultsPageQuerySchema = resultsQuerySchema
  .extend({
    added: optional(ruleId),
    already: optional(ruleId),
    undone: optional(z.enum(['1'])),
  })
  .strict();

export type ResultsNotice = { kind: 'added' | 'already'; ruleId: string } | { kind: 'undone' } | null;

/** Splits the page's query into the filters and the notice. */
export function splitNotice(raw: z.infer<typeof resultsPageQuerySchema>): { query: ResultsQuery; notice: ResultsNotice } {
  const { added, already, undone, ...query } = raw;
  const notice: ResultsNotice =
    added !== undefined ? { kind: 'added', ruleId: added }
    : already !== undefined ? { kind: 'already', ruleId: already }
    : undone !== undefined ? { kind: 'undone' }
    : null;
  return { query, notice };
}

/** The store's filters for a results query; paging and order are the caller's. */
export function findingFilters(query: ResultsQuery): Omit<FindingQuery, 'limit'> {
  return {
    ...(query.scope === undefined ? {} : { internal: query.scope === 'internal' }),
    ...(query.severity === undefined ? {} : { severity: query.severity }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.code === undefined ? {} : { error: query.code }),
    ...(query.kind === undefined ? {} : { kind: query.kind }),
    ...(query.q === undefined || query.q === '' ? {} : { text: query.q }),
    ...(query.suppressed === '1' ? {} : { suppressed: false }),
  };
}

/** The query string for the same filters with some values changed (pager, sort links). */
export function withQuery(query: ResultsQuery, changes: Partial<Record<keyof ResultsQuery, string | number | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Where an action sends the user back: the same filtered page, with its notice. */
export function resultsLocation(action: string, query: ResultsQuery, notice: { added?: string; already?: string; undone?: '1' } = {}): string {
  const params = new URLSearchParams(withQuery(query, {}));
  for (const [key, value] of Object.entries(notice)) params.set(key, value);
  const text = params.toString();
  return text === '' ? action : `${action}?${text}`;
}
