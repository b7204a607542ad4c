import type { ErrorCode } from './error-codes.js';
import type { CheckResult, LinkOccurrence, RedirectHop, ResourceKind, HttpMethod } from './types.js';

export type Severity = 'error' | 'warning' | 'notice' | 'ok';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice', 'ok'];

/** Coarse outcome, independent of severity: what happened to the URL. */
export type FindingCategory = 'broken' | 'redirected' | 'skipped' | 'blocked' | 'ok';

export type LimitName = 'maxPages' | 'maxDepth' | 'maxUrls' | 'maxDuration' | 'maxLinksPerPage' | 'aborted';

/** One checked URL and every place it appears. The JSON report's contract (docs/report.schema.json). */
export interface Finding {
  /** Absolute URL; includes `#fragment` for FRAGMENT_NOT_FOUND; the raw text for INVALID_URL. */
  url: string;
  /** Final HTTP status after redirects, or null. */
  status: number | null;
  /** Engine outcome code, or null for a plain HTTP outcome. */
  error: ErrorCode | null;
  errorDetail: string | null;
  severity: Severity;
  category: FindingCategory;
  /** Short title of the outcome ("Not Found", "DNS name not found"). */
  title: string;
  /** One sentence: why this severity here. */
  reason: string;
  /** One line: what to do about it. */
  advice: string;
  /** For broken internal URLs: the URL the author most likely meant, when the match is strong. */
  suggestion: string | null;
  internal: boolean;
  kind: ResourceKind;
  finalUrl: string;
  redirects: RedirectHop[];
  contentType: string | null;
  method: HttpMethod | null;
  durationMs: number;
  retries: number;
  /** True when the site's sitemap listed this URL. */
  inSitemap: boolean;
  /** Places the URL appears (capped per URL; see occurrenceCount for the true total). */
  occurrences: LinkOccurrence[];
  occurrenceCount: number;
  /**
   * The blacklist rule that covers this finding, or null. A suppressed finding stays in the data
   * but counts in no summary total and no verdict: the user has already decided about it.
   */
  suppressedBy: FindingSuppression | null;
  /** The URL's outcome over the site's stored scans (this one included), or null without history. */
  history: FindingHistory | null;
}

export interface FindingSuppression {
  ruleId: string;
  kind: string;
  pattern: string;
  note: string;
}

export interface FindingHistory {
  /** Consecutive failing scans ending with this one. */
  failingScans: number;
  /** Scans in the window that recorded the URL at all (this one included). */
  scansSeen: number;
  /** Start of the scan where the current failing streak began; null when the URL is not failing. */
  firstSeen: string | null;
}

export interface ScanSummary {
  startUrl: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  pagesCrawled: number;
  urlsChecked: number;
  /** Unique URLs discovered (checked or skipped). */
  urlsFound: number;
  findings: number;
  broken: number;
  redirected: number;
  skipped: number;
  /** Findings covered by a blacklist rule; they are left out of every other count here but byCode. */
  suppressed: number;
  /** Counts per outcome key: `HTTP_404`, `DNS_NOT_FOUND`, ... over all checked URLs. */
  byCode: Record<string, number>;
  bySeverity: Record<Severity, number>;
  limitsHit: LimitName[];
  robots: {
    obeyed: boolean;
    /** Crawl-delay the site asked for, in seconds (null when none). */
    crawlDelaySeconds: number | null;
    /** Delay actually applied between requests to the internal host, in ms. */
    appliedDelayMs: number;
    blockedUrls: number;
  };
  sitemapUrls: number;
}

export interface ScanReport {
  schemaVersion: 1;
  tool: { name: 'dislike404'; version: string };
  /** The effective scan options (secrets such as header values redacted). */
  options: Record<string, unknown>;
  summary: ScanSummary;
  findings: Finding[];
}

export type { CheckResult };
