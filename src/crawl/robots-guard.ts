import type { ErrorCode } from '../core/error-codes.js';
import type { ScanReport } from '../core/report-types.js';
import type { HttpClient } from '../http/http-client.js';
import type { FetchText } from './fetch-text.js';
import type { PoliteHostGate } from './host-gate.js';
import { loadRobots, type RobotsPolicy } from './robots.js';
import type { ScanEvent } from './scan-events.js';
import { ROBOTS_TOKEN, type ScanSettings } from './scan-options.js';

/**
 * robots.txt for the site's own origins: loaded once per origin before the first request there,
 * consulted for every internal URL, and turned into the host's politeness (Crawl-delay).
 * External links are single checks, not crawling, so robots.txt is not applied to them.
 */
export class RobotsGuard {
  private readonly policies = new Map<string, Promise<RobotsPolicy>>();
  private readonly resolved = new Map<string, RobotsPolicy>();
  private blocked = 0;
  readonly fetchText: FetchText;

  constructor(
    private readonly http: HttpClient,
    private readonly gate: PoliteHostGate,
    private readonly settings: ScanSettings,
    private readonly emit: (event: ScanEvent) => void,
    signal: AbortSignal,
  ) {
    this.fetchText = async (url) => {
      const outcome = await this.http.fetch({ url, mode: 'get', readBody: true, signal });
      const r = outcome.result;
      return { status: r.status, error: r.error, body: outcome.body, contentType: r.contentType, finalUrl: r.finalUrl };
    };
  }

  policyFor(origin: string): Promise<RobotsPolicy> {
    let policy = this.policies.get(origin);
    if (!policy) {
      policy = loadRobots(origin, ROBOTS_TOKEN, this.fetchText).then((p) => this.apply(origin, p));
      this.policies.set(origin, policy);
    }
    return policy;
  }

  /**
   * 'allowed', 'blocked', or the network error that kept us from reading robots.txt at all: a
   * site we cannot connect to is unreachable, and saying "blocked by robots.txt" would hide that.
   * Callers that know the URL's origin pass it, which saves parsing the URL again.
   */
  async verdict(url: string, origin: string = new URL(url).origin): Promise<'allowed' | 'blocked' | { error: ErrorCode; detail: string }> {
    const policy = await this.policyFor(origin);
    if (this.settings.ignoreRobots || policy.isAllowed(url)) return 'allowed';
    if (policy.source === 'unreachable' && policy.status === null && policy.error !== null) {
      return { error: policy.error, detail: 'robots.txt could not be fetched either' };
    }
    this.blocked += 1;
    return 'blocked';
  }

  /** Whether an already-loaded robots.txt disallows the URL (false when unknown). */
  disallowsKnown(url: string): boolean {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return false;
    }
    const policy = this.resolved.get(origin);
    return policy !== undefined && policy.source === 'file' && !policy.isAllowed(url);
  }

  summary(origin: string): ScanReport['summary']['robots'] {
    const policy = this.resolved.get(origin);
    const host = new URL(origin).host;
    return {
      obeyed: !this.settings.ignoreRobots,
      crawlDelaySeconds: policy?.crawlDelaySeconds ?? null,
      appliedDelayMs: this.gate.intervalOf(host),
      blockedUrls: this.blocked,
    };
  }

  private apply(origin: string, policy: RobotsPolicy): RobotsPolicy {
    this.resolved.set(origin, policy);
    const host = new URL(origin).host;
    const delaySeconds = policy.crawlDelaySeconds;
    if (delaySeconds !== null && delaySeconds > 0 && !this.settings.ignoreRobots) {
      const intervalMs = Math.max(this.settings.hostIntervalMs, Math.min(delaySeconds * 1000, this.settings.maxCrawlDelayMs));
      // Crawl-delay means one request at a time with a pause between them.
      this.gate.configure(host, { limit: 1, intervalMs });
    }
    this.emit({
      type: 'robots',
      origin,
      source: policy.source,
      status: policy.status,
      crawlDelaySeconds: delaySeconds,
      appliedDelayMs: this.gate.intervalOf(host),
    });
    return policy;
  }
}
