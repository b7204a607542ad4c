import { z } from 'zod';
import { ERROR_CODES } from '../../core/error-codes.js';
import type { Severity } from '../../core/report-types.js';
import { compileUrlPattern } from '../../crawl/url-pattern.js';
import { scanSettingsSchema } from '../../crawl/scan-options.js';
import type { ResourceKind } from '../../core/types.js';
import type { FindingSort } from '../../store/store.js';
import { siteUrl } from './site-url.js';

export const EXPORT_FORMATS = ['csv', 'json', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const MAX_FINDINGS_PAGE = 500;

const FINDING_SORTS = ['report', 'url', 'status', 'severity', 'occurrences', 'duration'] as const satisfies readonly FindingSort[];
const SEVERITIES = ['error', 'warning', 'notice', 'ok'] as const satisfies readonly Severity[];
const RESOURCE_KINDS = ['page', 'image', 'script', 'stylesheet', 'font', 'media', 'document', 'frame', 'other'] as const satisfies readonly ResourceKind[];

export const createSiteBody = z
  .object({ url: siteUrl, name: z.string().trim().min(1, 'must not be empty').max(200).optional() })
  .strict();

const shape = scanSettingsSchema.shape;
/** A bad include/exclude pattern is refused when saved, not discovered when the next scan starts. */
const urlPatterns = shape.include.unwrap().superRefine((patterns, ctx) => {
  patterns.forEach((pattern, index) => {
    try {
      compileUrlPattern(pattern);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: [index], message: error instanceof Error ? error.message : 'invalid pattern' });
    }
  });
});

/**
 * The settings a site owner may change. `unwrap()` drops the engine defaults: in a partial
 * update an absent key must stay absent rather than reset the stored value.
 */
export const updateSiteBody = z
  .object({
    include: urlPatterns.max(100),
    exclude: urlPatterns.max(100),
    maxDepth: shape.maxDepth.unwrap(),
    includeSubdomains: shape.includeSubdomains.unwrap(),
    checkExternal: shape.checkExternal.unwrap(),
    checkFragments: shape.checkFragments.unwrap(),
    protectedPaths: shape.protectedPaths.unwrap().max(100),
    severityOverrides: shape.severityOverrides.unwrap().max(100),
  })
  .partial()
  .strict();

/** A comma-separated list in one query parameter (`severity=error,warning`). */
function list<T extends z.ZodType<unknown, string>>(item: T, description: string) {
  return z
    .string()
    .max(2000)
    .transform((value) => value.split(',').map((part) => part.trim()).filter((part) => part !== ''))
    .pipe(z.array(item).min(1, 'must list at least one value'))
    .optional()
    .meta({ description });
}

export const findingsQuery = z
  .object({
    severity: list(z.enum(SEVERITIES), `Comma-separated: ${SEVERITIES.join(', ')}`),
    internal: z.enum(['true', 'false']).transform((v) => v === 'true').optional().meta({ description: 'true: links within the site; false: external links' }),
    status: list(z.string().regex(/^[1-9]\d\d$/, 'expected three-digit HTTP status codes').transform(Number), 'Comma-separated HTTP status codes'),
    error: list(z.enum(['none', ...ERROR_CODES]), 'Comma-separated engine codes; `none` selects plain HTTP outcomes'),
    kind: list(z.enum(RESOURCE_KINDS), `Comma-separated: ${RESOURCE_KINDS.join(', ')}`),
    text: z.string().trim().min(1).max(200).optional().meta({ description: 'Case-insensitive substring of the URL or page title' }),
    new: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .meta({ description: 'true: only URLs that were not a finding in the previous completed scan of the site (all of them for its first scan)' }),
    suppressed: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional()
      .meta({ description: 'true: only findings a blacklist rule suppressed; false: only the others (default: both, each with its `suppressedBy`)' }),
    sort: z.enum(FINDING_SORTS).default('report'),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(MAX_FINDINGS_PAGE).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

export const historyQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export const diffQuery = z
  .object({ against: z.string().max(64).optional().meta({ description: 'Scan to compare with (default: the previous completed scan of the site)' }) })
  .strict();

export const blacklistBody = z
  .object({
    kind: z.enum(['exact', 'prefix', 'glob', 'regex']),
    pattern: z.string().trim().min(1, 'must not be empty').max(2048),
    statusCodes: z.array(z.number().int().min(100).max(999)).max(50).nullable().optional(),
    errorCodes: z.array(z.enum(ERROR_CODES)).max(50).nullable().optional(),
    scope: z.enum(['internal', 'external', 'any']).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();

