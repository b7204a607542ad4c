import { categorize } from '../classify/categorize.js';
import { classifyFinding } from '../classify/classify-finding.js';
import { isBotProtection } from '../classify/detect-bot-protection.js';
import { DidYouMean } from '../classify/did-you-mean.js';
import { compileOverrides } from '../classify/severity-overrides.js';
import type { Finding } from '../core/report-types.js';
import type { CheckResult } from '../core/types.js';
import { isHtmlType } from '../crawl/content-types.js';
import { scanSettingsSchema, type ScanSettings } from '../crawl/scan-options.js';
import { compileUrlPattern } from '../crawl/url-pattern.js';
import { decodeBody, extractHtml } from '../extract/index.js';
import { HttpClient } from '../http/http-client.js';

export interface RecheckOptions {
  /** The operator's network policy (`AppOptions.allowPrivateNetworks`): false refuses private addresses. */
  allowPrivateNetworks: boolean;
  /** The scan's stored options: its user agent, protected paths and severity rules apply again. */
  scanOptions: Record<string, unknown>;
  /** Deadline for the whole recheck, redirects and HEAD→GET fallback included. */
  deadlineMs?: number;
}

/**
 * Web links only (a mailto: or data: finding was judged without a request), and never one the
 * site's robots.txt keeps the engine from fetching.
 */
export function canRecheck(finding: Pick<Finding, 'url' | 'error'>): boolean {
  return finding.error !== 'BLOCKED_BY_ROBOTS' && /^https?:\/\//i.test(finding.url);
}

/** Short enough for a person waiting on a page; a HEAD then a GET fit inside the deadline. */
const DEFAULT_DEADLINE_MS = 15_000;
const ATTEMPT_TIMEOUT_MS = 7_000;
const CONNECT_TIMEOUT_MS = 5_000;
/** Only a page whose #fragment is checked again is read, and anchors sit early in most pages. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Checks one stored finding's URL again, now, with the engine's HTTP client and classifier, and
 * returns the finding as it would be reported today. One request chain, no retries; outcomes
 * (including refused private addresses) come back as data, never as a throw.
 */
export async function recheckFinding(stored: Finding, options: RecheckOptions): Promise<Finding> {
  const settings = recheckSettings(options.scanOptions);
  const fragment = stored.error === 'FRAGMENT_NOT_FOUND' ? fragmentOf(stored.url) : null;
  const http = new HttpClient({
    userAgent: settings.userAgent,
    timeoutMs: ATTEMPT_TIMEOUT_MS,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    retries: 0,
    maxRetryAfterMs: 0,
    insecure: settings.insecure,
    maxRedirects: settings.maxRedirects,
    maxBodyBytes: MAX_BODY_BYTES,
    maxUrlLength: settings.maxUrlLength,
    connectionsPerOrigin: 1,
    allowPrivateNetworks: options.allowPrivateNetworks,
  });
  try {
    const outcome = await http.fetch({
      url: stored.url,
      mode: stored.kind === 'page' || fragment !== null ? 'get' : 'head-then-get',
      readBody: (type) => fragment !== null && isHtmlType(type),
      signal: AbortSignal.timeout(options.deadlineMs ?? DEFAULT_DEADLINE_MS),
    });
    let result: CheckResult = outcome.result;
    if (isBotProtection(result, outcome.headers, 0)) result = { ...result, error: 'BOT_PROTECTION' };
    if (fragment !== null && outcome.body !== null && result.error === null && isSuccess(result.status)) {
      const { text } = decodeBody(outcome.body, result.contentType);
      const anchors = extractHtml(text, result.finalUrl, { maxLinks: 1 }).anchors;
      if (!hasAnchor(anchors, fragment)) result = { ...result, error: 'FRAGMENT_NOT_FOUND', errorDetail: `no element with id or name "${fragment}"` };
    }
    return judge(stored, result, settings);
  } finally {
    await http.close();
  }
}

function judge(stored: Finding, result: CheckResult, settings: ScanSettings): Finding {
  const fresh: Finding = {
    ...stored,
    status: result.status,
    error: result.error,
    errorDetail: result.errorDetail,
    category: result.error === 'FRAGMENT_NOT_FOUND' ? 'broken' : categorize(result),
    finalUrl: result.finalUrl,
    redirects: result.redirects,
    contentType: result.contentType,
    method: result.method,
    durationMs: result.durationMs,
    retries: result.retries,
    suggestion: null,
    suppressedBy: null,
  };
  const judged = classifyFinding(fresh, {
    protectedPaths: compiled(settings.protectedPaths, compileUrlPattern),
    overrides: compiled(settings.severityOverrides, (override) => compileOverrides([override])).flat(),
    // robots.txt is not fetched again for one link the user asked about.
    robotsDisallowed: () => false,
    suggestions: new DidYouMean(),
  });
  // Suggestions come from the whole scan's working URLs; the stored one still stands while the link is broken.
  if (judged.category === 'broken' && judged.suggestion === null) judged.suggestion = stored.suggestion;
  return judged;
}

/** Engine defaults with the scan's own choices where they are still valid. */
function recheckSettings(scanOptions: Record<string, unknown>): ScanSettings {
  const defaults = scanSettingsSchema.parse({});
  const shape = scanSettingsSchema.shape;
  const pick = <K extends 'userAgent' | 'insecure' | 'maxRedirects' | 'maxUrlLength' | 'protectedPaths' | 'severityOverrides'>(key: K): ScanSettings[K] => {
    const parsed = shape[key].safeParse(scanOptions[key]);
    return (parsed.success ? parsed.data : defaults[key]) as ScanSettings[K];
  };
  return {
    ...defaults,
    userAgent: pick('userAgent'),
    insecure: pick('insecure'),
    maxRedirects: pick('maxRedirects'),
    maxUrlLength: pick('maxUrlLength'),
    protectedPaths: pick('protectedPaths'),
    severityOverrides: pick('severityOverrides'),
  };
}

/** Compiles each item, skipping any that no longer compiles (stored by an older release). */
function compiled<T, R>(items: readonly T[], compile: (item: T) => R): R[] {
  return items.flatMap((item) => {
    try {
      return [compile(item)];
    } catch {
      return [];
    }
  });
}

function fragmentOf(url: string): string | null {
  const at = url.indexOf('#');
  return at < 0 || at === url.length - 1 ? null : url.slice(at + 1);
}

function hasAnchor(anchors: ReadonlySet<string>, fragment: string): boolean {
  if (anchors.has(fragment)) return true;
  try {
    return anchors.has(decodeURIComponent(fragment));
  } catch {
    return false;
  }
}

function isSuccess(status: number | null): boolean {
  return status !== null && status >= 200 && status < 300;
}
