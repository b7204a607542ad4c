import type { ErrorCode } from '../../core/error-codes.js';
import type { Severity } from '../../core/report-types.js';

/**
 * What dislike404 knows about one outcome: what it means to a site owner, how serious it is,
 * and what to do. The classifier starts from `severity` and refines it with context
 * (sitemap, navigation, protected paths, retries); reports and `dislike404 explain` show the prose.
 */
export interface KnowledgeEntry {
  /** `HTTP_401`, `HTTP_4xx` (class fallback) or an engine code such as `DNS_NOT_FOUND`. */
  key: string;
  /**
   * The HTTP status or engine code. Class fallbacks carry the class base (400 for `HTTP_4xx`)
   * until a lookup of an unregistered status replaces it with the real status.
   */
  code: number | ErrorCode;
  title: string;
  summary: string;
  explanation: string;
  causes: string[];
  severity: { internal: Severity; external: Severity };
  severityNote: string;
  fix: string[];
  externalAdvice: string;
  advice: string;
  related: RelatedOutcome[];
}

export interface RelatedOutcome {
  key: string;
  difference: string;
}
