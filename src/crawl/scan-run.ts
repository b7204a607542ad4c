import { detachString } from '../core/detach-string.js';
import type { ErrorCode } from '../core/error-codes.js';
import type { LimitName, ScanReport } from '../core/report-types.js';
import { categorize } from '../classify/categorize.js';
import { isBotProtection } from '../classify/detect-bot-protection.js';
import { looksLikeNotFound, pageSignature } from '../classify/detect-soft-404.js';
import { randomBytes } from 'node:crypto';
import type { ExtractedLink, LinkOccurrence } from '../core/types.js';
import { extractCss } from '../extract/css-extractor.js';
import { decodeBody } from '../extract/decode-body.js';
import { PageAnalysisPool } from '../extract/page-analysis-pool.js';
import { HttpClient, type FetchOutcome } from '../http/http-client.js';
import { buildReport } from './build-report.js';
import { CheckpointWriter } from './checkpoint-writer.js';
import { EventChannel } from './event-channel.js';
import { restoreRecords } from './restore-records.js';
import { FragmentIndex } from './fragment-index.js';
import { Frontier } from './frontier.js';
import { PoliteHostGate } from './host-gate.js';
import { judgeScheme } from './link-schemes.js';
import { normalizeUrl, splitSerializedHref } from './normalize-url.js';
import { RobotsGuard } from './robots-guard.js';
import type { ScanEvent, ScanProgress } from './scan-events.js';
import type { ScanOptions, ScanSettings } from './scan-options.js';
import { Scope } from './scope.js';
import { loadSitemapsInto } from './sitemap-seeding.js';
import { addOccurrence, keepsMoreOccurrences, newRecord, RecordState, resumeOccurrences, syntheticResult, type FetchPlan, type UrlRecord } from './url-record.js';
import { isCssType, isHtmlType, isSuccess } from './content-types.js';

const PROGRESS_INTERVAL_MS = 250;

/**
 * One scan from start to report: owns the records, the frontier, the politeness gate and the HTTP
 * client. The scheduling loop (`pump`) is separate from the work (`process`), so where work comes
 * from can change (resume, distributed queue) without touching how it is done.
 */
export class ScanRun {
  readonly events = new EventChannel<ScanEvent>();
  readonly records = new Map<string, UrlRecord>();
  readonly startUrl: URL;
  readonly startKey: string;
  readonly limitsHit = new Set<LimitName>();

  private readonly scope: Scope;
  private readonly frontier = new Frontier<UrlRecord>();
  private readonly gate: PoliteHostGate;
  private readonly http: HttpClient;
  private readonly robots: RobotsGuard;
  private readonly fragments: FragmentIndex;
  private readonly pages: PageAnalysisPool;
  private readonly checkpoint: CheckpointWriter | null;
  private readonly hostActive = new Map<string, number>();
  /** One string per host for every record of that host (URL#host is a slice that keeps the whole href). */
  private readonly hostNames = new Map<string, string>();
  /** Excluded (or external with checkExternal off) URLs, remembered so they are judged once. */
  private readonly ignoredKeys = new Set<string>();
  private readonly controller = new AbortController();
  private readonly startedAt = Date.now();
  private active = 0;
  private pendingSetup = 0;
  private pagesReserved = 0;
  private pagesCrawled = 0;
  private urlsChecked = 0;
  private broken = 0;
  private sitemapUrls = 0;
  private soft404Signature: string | null = null;
  private probePending = false;
  private wakeTimer: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private durationTimer: NodeJS.Timeout | null = null;
  private pumping = false;
  private finished = false;
  private resolveDone!: (report: ScanReport) => void;
  readonly done: Promise<ScanReport>;

  constructor(
    private readonly settings: ScanSettings,
    private readonly options: ScanOptions,
  ) {
    this.startUrl = new URL(options.url);
    this.startKey = normalizeUrl(this.startUrl.href)?.key ?? this.startUrl.href;
    this.scope = new Scope({
      startUrl: this.startUrl,
      includeSubdomains: settings.includeSubdomains,
      include: settings.include,
      exclude: settings.exclude,
    });
    this.gate = new PoliteHostGate({
      defaultLimit: settings.hostConcurrency,
      defaultIntervalMs: settings.hostIntervalMs,
      onChange: () => this.schedulePump(),
    });
    this.http = new HttpClient({
      userAgent: settings.userAgent,
      headers: settings.headers,
      timeoutMs: settings.timeoutMs,
      connectTimeoutMs: settings.connectTimeoutMs,
      retries: settings.retries,
      maxRetryAfterMs: settings.maxRetryAfterMs,
      insecure: settings.insecure,
      maxRedirects: settings.maxRedirects,
      maxBodyBytes: settings.maxBodyBytes,
      maxUrlLength: settings.maxUrlLength,
      connectionsPerOrigin: Math.max(settings.hostConcurrency, 1),
      lookup: options.lookup,
      ca: options.ca,
      allowPrivateNetworks: settings.allowPrivateNetworks,
      gate: this.gate,
    });
    this.robots = new RobotsGuard(this.http, this.gate, settings, (e) => this.events.emit(e), this.controller.signal);
    this.fragments = new FragmentIndex(settings.maxOccurrencesPerUrl);
    this.pages = new PageAnalysisPool(settings.parseWorkers);
    this.checkpoint = options.checkpoint
      ? new CheckpointWriter(options.checkpoint, () => ({ pagesCrawled: this.pagesCrawled, urlsChecked: this.urlsChecked, urlsFound: this.records.size, broken: this.broken }))
      : null;
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    if (options.signal) {
      if (options.signal.aborted) this.abort();
      else options.signal.addEventListener('abort', () => this.abort(), { once: true });
    }
  }

  start(): void {
    this.events.emit({ type: 'started', startUrl: this.startKey, at: new Date(this.startedAt).toISOString() });
    this.progressTimer = setInterval(() => this.emitProgress(), PROGRESS_INTERVAL_MS);
    this.progressTimer.unref();
    if (this.settings.maxDurationMs !== null) {
      this.durationTimer = setTimeout(() => this.stopEarly('maxDuration'), this.settings.maxDurationMs);
      this.durationTimer.unref();
    }
    if (this.options.resume) this.restore(this.options.resume);
    const start = this.intake(this.startKey, 0, 'page');
    if (start) start.inSitemap = false;
    if (this.settings.detectSoft404) {
      this.probePending = true;
      this.setup(() => this.probeNotFoundPage().finally(() => (this.probePending = false)));
    }
    if (this.settings.sitemaps) {
      this.pendingSetup += 1;
      void this.seedFromSitemaps().finally(() => {
        this.pendingSetup -= 1;
        this.schedulePump();
      });
    }
    this.schedulePump();
  }

  abort(): void {
    this.stopEarly('aborted');
  }

  progress(): ScanProgress {
    const elapsedMs = Date.now() - this.startedAt;
    return {
      pagesCrawled: this.pagesCrawled,
      urlsChecked: this.urlsChecked,
      urlsFound: this.records.size,
      queued: this.frontier.size,
      active: this.active,
      broken: this.broken,
      elapsedMs,
      rate: elapsedMs > 0 ? (this.urlsChecked * 1000) / elapsedMs : 0,
    };
  }

  /** Continue an interrupted scan: what was checked stays checked, what was queued is queued again. */
  private restore(checkpoint: NonNullable<ScanOptions['resume']>): void {
    const restored = restoreRecords(checkpoint, this.settings);
    for (const record of restored.records) {
      if (record.host !== '') record.host = this.hostName(record.host);
      this.records.set(record.key, record);
      if (record.state === RecordState.Queued) this.frontier.push(record.host, record);
    }
    this.urlsChecked = restored.urlsChecked;
    this.broken = restored.broken;
    this.sitemapUrls = restored.sitemapUrls;
    this.pagesCrawled = checkpoint.pages.length;
    this.pagesReserved = checkpoint.pages.length;
    // Fragment references were restored with their records; the anchors of pages crawled before
    // the interruption answer them exactly as they would have without one.
    for (const crawled of checkpoint.pages) {
      const record = this.records.get(crawled.url);
      if (record && crawled.anchors) this.fragments.setAnchors(record, crawled.anchors);
    }
  }

  private setup(task: () => Promise<void>): void {
    this.pendingSetup += 1;
    void task()
      .catch(() => undefined)
      .finally(() => {
        this.pendingSetup -= 1;
        this.schedulePump();
      });
  }

  /**
   * Ask for a page that cannot exist. A site that answers 200 serves soft 404s; remembering what
   * that page looks like lets us spot real links that land on it.
   */
  private async probeNotFoundPage(): Promise<void> {
    const probe = new URL(`/dislike404-not-found-probe-${randomBytes(6).toString('hex')}`, this.startUrl.origin).href;
    if ((await this.robots.verdict(probe)) !== 'allowed') return;
    const outcome = await this.http.fetch({ url: probe, mode: 'get', readBody: isHtmlType, signal: this.controller.signal });
    if (!outcome.body || !isSuccess(outcome.result.status)) return;
    const page = await this.pages.analyse({ body: outcome.body, contentType: outcome.result.contentType, documentUrl: outcome.result.finalUrl, maxLinks: 1 });
    this.soft404Signature = pageSignature(page.title, page.h1);
  }

  private async seedFromSitemaps(): Promise<void> {
    const policy = await this.robots.policyFor(this.startUrl.origin);
    const seeds = [...policy.sitemaps, new URL('/sitemap.xml', this.startUrl.origin).href];
    const result = await loadSitemapsInto(seeds, this.robots.fetchText, {
      maxUrls: this.settings.maxUrls,
      isWanted: (url) => {
        const parsed = normalizeUrl(url);
        return parsed !== null && this.scope.isInternal(parsed.url) && !this.scope.isExcluded(parsed.url);
      },
    });
    if (this.finished) return;
    this.events.emit({ type: 'sitemap', urls: result.urls.length, sitemaps: result.sitemaps, errors: result.errors.length });
    for (const url of result.urls) {
      const normalized = normalizeUrl(url);
      if (!normalized) continue;
      const record = this.records.get(normalized.key) ?? this.intake(normalized.key, 1, 'page', normalized.url);
      if (record && !record.inSitemap) {
        record.inSitemap = true;
        this.sitemapUrls += 1;
        this.checkpoint?.discoveredRecord(record);
      }
    }
  }

  /** Create and queue the record for a new normalised http(s) URL. */
  private intake(key: string, depth: number, plan: FetchPlan, url: URL = new URL(key)): UrlRecord | null {
    const existing = this.records.get(key);
    if (existing) {
      this.revisit(existing, depth, plan);
      return existing;
    }
    if (this.finished) return null;
    if (this.records.size >= this.settings.maxUrls) {
      this.hitLimit('maxUrls');
      return null;
    }
    const internal = this.scope.isInternal(url);
    const record = newRecord({ key, host: this.hostName(url.host), internal, kind: plan === 'page' ? 'page' : 'other', plan: internal ? plan : 'resource', depth });
    this.records.set(key, record);
    this.frontier.push(record.host, record);
    this.checkpoint?.discoveredRecord(record);
    return record;
  }

  private hostName(host: string): string {
    let name = this.hostNames.get(host);
    if (name === undefined) {
      name = detachString(host);
      this.hostNames.set(name, name);
    }
    return name;
  }

  /** A known URL found again: keep the shallowest depth, and upgrade how it is fetched if not yet started. */
  private revisit(record: UrlRecord, depth: number, plan: FetchPlan): void {
    if (depth < record.depth) record.depth = depth;
    if (!record.internal || record.state !== RecordState.Queued || record.plan === 'page') return;
    // A URL first seen as an image but also linked as a page is crawled as a page.
    if (plan === 'page') {
      record.plan = 'page';
      record.kind = 'page';
    } else if (plan === 'stylesheet') record.plan = 'stylesheet';
  }

  private schedulePump(): void {
    if (this.pumping || this.finished) return;
    this.pumping = true;
    queueMicrotask(() => {
      this.pumping = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.finished) return;
    const canStart = (host: string): boolean =>
      (this.hostActive.get(host) ?? 0) < this.gate.limitOf(host) && this.gate.delayFor(host) === 0;
    while (this.active < this.settings.concurrency) {
      const record = this.frontier.take(canStart);
      if (!record) break;
      if (record.state !== RecordState.Queued) continue;
      record.state = RecordState.Active;
      this.active += 1;
      this.hostActive.set(record.host, (this.hostActive.get(record.host) ?? 0) + 1);
      void this.process(record)
        .catch((error: unknown) => {
          // A bug in processing one URL must not take the scan down; record it as a failure of that URL.
          record.result ??= syntheticResult(record.key, 'CONNECTION_FAILED', `internal error: ${String(error)}`);
        })
        .finally(() => {
          record.state = RecordState.Done;
          this.active -= 1;
          this.hostActive.set(record.host, (this.hostActive.get(record.host) ?? 1) - 1);
          this.schedulePump();
        });
    }
    if (this.active === 0 && this.frontier.size === 0 && this.pendingSetup === 0) {
      this.finish();
      return;
    }
    this.armWakeTimer();
  }

  /** Hosts waiting on Crawl-delay or Retry-After need a timer: nothing else would wake the loop. */
  private armWakeTimer(): void {
    if (this.wakeTimer || this.frontier.size === 0 || this.active >= this.settings.concurrency) return;
    let soonest = Infinity;
    for (const host of this.frontier.hosts()) {
      const delay = this.gate.delayFor(host);
      if (delay > 0 && delay < soonest) soonest = delay;
    }
    if (soonest === Infinity) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = null;
      this.schedulePump();
    }, soonest);
  }

  private async process(record: UrlRecord): Promise<void> {
    const signal = this.controller.signal;
    if (record.internal) {
      // For http(s) URLs the origin is the scheme and the serialised host; the key is one already.
      const verdict = await this.robots.verdict(record.key, `${record.key.startsWith('https:') ? 'https:' : 'http:'}//${record.host}`);
      if (verdict !== 'allowed') {
        const result = verdict === 'blocked' ? syntheticResult(record.key, 'BLOCKED_BY_ROBOTS') : syntheticResult(record.key, verdict.error, verdict.detail);
        this.complete(record, result);
        this.checkpoint?.completedRecord(record);
        return;
      }
    }
    if (signal.aborted) return;
    let parsePage = false;
    if (record.plan === 'page') {
      const withinDepth = this.settings.maxDepth === null || record.depth <= this.settings.maxDepth;
      const withinPages = this.pagesReserved < this.settings.maxPages;
      if (!withinDepth) this.hitLimit('maxDepth');
      else if (!withinPages) this.hitLimit('maxPages');
      parsePage = withinDepth && withinPages && this.scope.mayCrawl(new URL(record.key));
      if (parsePage) this.pagesReserved += 1;
    }
    const wantsAnchors = !record.internal && this.settings.checkExternalFragments && record.fragments !== null;
    const readHtml = parsePage || wantsAnchors || (record.plan === 'page' && record.fragments !== null);
    const readCss = record.plan === 'stylesheet';
    const outcome = await this.http.fetch({
      url: record.key,
      mode: record.plan === 'resource' && !wantsAnchors ? 'head-then-get' : 'get',
      readBody: (type) => (readHtml && isHtmlType(type)) || (readCss && (isCssType(type) || type === null)),
      signal,
    });
    if (signal.aborted && this.finished) return;
    let result = outcome.result;
    if (isBotProtection(result, outcome.headers, this.settings.retries)) result = { ...result, error: 'BOT_PROTECTION' };
    this.complete(record, result);
    if (outcome.body && isSuccess(outcome.result.status)) {
      if (isHtmlType(outcome.result.contentType)) await this.handleHtml(record, outcome, parsePage);
      else if (readCss) this.handleCss(record, outcome);
    }
    if (parsePage && record.anchors === null) this.pagesReserved -= 1;
    this.releaseOccurrences(record);
    this.checkpoint?.completedRecord(record);
  }

  /**
   * Occurrences of a URL that checked out fine are dropped (memory grows with URLs, not links),
   * except for pages that may still be judged soft 404s once the not-found probe has answered.
   */
  private releaseOccurrences(record: UrlRecord): void {
    if (this.settings.includeSuccesses || record.occurrences === null || !record.result) return;
    if (categorize(record.result) !== 'ok') return;
    if (record.signature !== null && (this.probePending || record.signature === this.soft404Signature)) return;
    record.occurrences = null;
  }

  private complete(record: UrlRecord, result: NonNullable<UrlRecord['result']>): void {
    record.result = result;
    const category = this.countChecked(record, result);
    // Internal pages keep their occurrences until parsed: a 200 page can still turn out a soft 404.
    if (category === 'ok' && !this.settings.includeSuccesses && !(record.internal && record.plan === 'page')) record.occurrences = null;
  }

  private countChecked(record: UrlRecord, result: NonNullable<UrlRecord['result']>): ReturnType<typeof categorize> {
    const category = categorize(result);
    if (category !== 'skipped') this.urlsChecked += 1;
    if (category === 'broken') this.broken += 1;
    this.events.emit({ type: 'checked', url: record.key, internal: record.internal, kind: record.kind, result });
    return category;
  }

  /**
   * A page first reached as the target of a redirect was checked then, but stays out of the report
   * until a link names it. Once one does, it is a URL of the site like any other: counted and
   * announced as checked, exactly once.
   */
  private adoptDerived(record: UrlRecord): void {
    record.derived = false;
    if (record.result !== null) this.countChecked(record, record.result);
  }

  private async handleHtml(record: UrlRecord, outcome: FetchOutcome, parsePage: boolean): Promise<void> {
    const documentUrl = outcome.result.finalUrl;
    const page = await this.pages.analyse({
      body: outcome.body as Buffer,
      contentType: outcome.result.contentType,
      documentUrl,
      maxLinks: this.settings.maxLinksPerPage,
    });
    if (this.finished) return;
    const { target, claimed } = this.pageRecordFor(record, outcome);
    if (claimed) this.setAnchors(target, page.anchors);
    if (target !== record) this.setAnchors(record, page.anchors);
    if (!claimed) return;
    if (this.settings.detectSoft404 && target.internal && target === record && isSuccess(outcome.result.status)) {
      if (record.key !== this.startKey && looksLikeNotFound(page.title, page.h1)) this.markSoft404(record);
      else this.keepSignature(record, pageSignature(page.title, page.h1));
    }
    if (!parsePage || !target.internal) return;
    this.pagesCrawled += 1;
    this.checkpoint?.pageCrawled({ url: record.key, status: outcome.result.status, depth: record.depth, title: page.title, anchors: page.anchors });
    if (page.linksTruncated) this.hitLimit('maxLinksPerPage');
    this.events.emit({ type: 'page', url: record.key, status: outcome.result.status, depth: record.depth, links: page.links.length, title: page.title });
    for (const link of page.links) this.handleLink(link, documentUrl, record.depth + 1);
  }

  /**
   * A page that redirected within the site is the page at its final URL: remember that URL as
   * checked so it is not fetched again, and let its anchors answer `final#fragment` links.
   */
  private pageRecordFor(record: UrlRecord, outcome: FetchOutcome): { target: UrlRecord; claimed: boolean } {
    if (outcome.result.redirects.length === 0) return { target: record, claimed: true };
    const final = normalizeUrl(outcome.result.finalUrl);
    if (!final || final.key === record.key) return { target: record, claimed: true };
    let target = this.records.get(final.key);
    if (!target) {
      target = newRecord({ key: final.key, host: this.hostName(final.url.host), internal: this.scope.isInternal(final.url), kind: 'page', plan: 'page', depth: record.depth });
      target.derived = true;
      this.records.set(final.key, target);
    }
    // Only the first fetch of a page gets to report its links; a page already fetched (or being
    // fetched) under its own URL would otherwise have every link counted twice.
    if (target.state !== RecordState.Queued) return { target, claimed: false };
    target.state = RecordState.Done;
    target.result = { ...outcome.result, url: final.key, redirects: [], retries: 0 };
    // A page already linked (queued, not yet fetched) is checked here rather than on its own turn.
    if (!target.derived) this.countChecked(target, target.result);
    if (!this.settings.includeSuccesses) target.occurrences = null;
    this.checkpoint?.completedRecord(target);
    return { target, claimed: true };
  }

  private setAnchors(record: UrlRecord, anchors: Iterable<string>): void {
    this.fragments.setAnchors(record, anchors);
    if (record.fragments !== null) this.checkpoint?.fragmentsOf(record);
  }

  /**
   * A signature only matters while the not-found probe is out, for the start page, or when it is
   * the probe's own: every other one is dropped, which saves a string per page on large sites.
   */
  private keepSignature(record: UrlRecord, signature: string | null): void {
    if (this.probePending || record.key === this.startKey || signature === this.soft404Signature) record.signature = signature;
  }

  private markSoft404(record: UrlRecord): void {
    if (!record.result || record.result.error !== null) return;
    record.result = { ...record.result, error: 'SOFT_404', errorDetail: 'the page answers 200 but says it was not found' };
    this.broken += 1;
    resumeOccurrences(record);
    this.checkpoint?.completedRecord(record);
  }

  /**
   * Pages that look exactly like the answer to our impossible URL are soft 404s, unless that look
   * is common (a single-page app shows one shell everywhere: then the signature proves nothing).
   */
  private applySoft404Signature(): void {
    const signature = this.soft404Signature;
    if (signature === null) return;
    const matches = [...this.records.values()].filter((r) => r.signature === signature);
    const start = this.records.get(this.startKey);
    if (start?.signature === signature || matches.length > Math.max(1, this.pagesCrawled * 0.2)) return;
    for (const record of matches) this.markSoft404(record);
  }

  /**
   * Once nothing more is fetched, every fragment reference has its answer and the soft-404 pass is
   * done: the anchors and signatures of crawled pages are garbage before the report is built
   * (about 10% of the live heap on a large site, and the report's build is where the peak is).
   */
  private dropPageTraces(): void {
    for (const record of this.records.values()) {
      record.anchors = null;
      record.signature = null;
    }
  }

  private handleCss(record: UrlRecord, outcome: FetchOutcome): void {
    const { text } = decodeBody(outcome.body as Buffer, outcome.result.contentType ?? 'text/css');
    const links = extractCss(text, outcome.result.finalUrl, { maxLinks: this.settings.maxLinksPerPage });
    for (const link of links) this.handleLink(link, outcome.result.finalUrl, record.depth + 1);
  }

  private handleLink(link: ExtractedLink, page: string, depth: number): void {
    const href = link.resolved;
    if (href === null) {
      this.reportOffline(`invalid:${detachString(link.raw)}`, detachString(link.raw), 'INVALID_URL', 'the link cannot be parsed as a URL', occurrenceOf(link, page), link);
      return;
    }
    if (!href.startsWith('http:') && !href.startsWith('https:')) {
      const verdict = judgeScheme(href.slice(0, href.indexOf(':') + 1), href);
      if (verdict.action === 'report') this.reportOffline(href, href, verdict.error, verdict.detail, occurrenceOf(link, page), link);
      return;
    }
    const { key, fragment } = splitSerializedHref(href);
    const plan = link.navigational ? 'page' : link.kind === 'stylesheet' ? 'stylesheet' : 'resource';
    let record = this.records.get(key);
    if (record) {
      this.revisit(record, depth, plan);
    } else {
      if (this.ignoredKeys.has(key)) return;
      const url = new URL(key);
      if (this.scope.isExcluded(url) || (!this.settings.checkExternal && !this.scope.isInternal(url))) {
        this.ignoredKeys.add(key);
        return;
      }
      const created = this.intake(key, depth, plan, url);
      if (!created) return;
      record = created;
    }
    if (record.kind === 'other' || (record.kind === 'page' && !link.navigational && record.plan !== 'page')) record.kind = link.kind;
    if (record.derived) this.adoptDerived(record);
    const keep = record.occurrences !== null;
    const checkFragment = fragment !== null && this.settings.checkFragments && (record.internal || this.settings.checkExternalFragments);
    if (!keep && !checkFragment) {
      // Most links point at URLs already known to be fine: count them, allocate nothing.
      record.occurrenceCount += 1;
      return;
    }
    const cap = this.settings.maxOccurrencesPerUrl;
    if (!checkFragment && this.checkpoint === null && !keepsMoreOccurrences(record, cap)) {
      // Past the cap only the count grows: the link text is not worth copying out of the page.
      record.occurrenceCount += 1;
      return;
    }
    const occurrence = occurrenceOf(link, page);
    addOccurrence(record, occurrence, cap, keep);
    if (keep) this.checkpoint?.occurrence(record, occurrence);
    if (checkFragment && fragment !== null) {
      this.fragments.reference(record, fragment, occurrence);
      if (record.fragments !== null) this.checkpoint?.fragmentsOf(record);
    }
  }

  /** Findings that need no request (invalid URL, bad mailto:, file: links): recorded once per text. */
  private reportOffline(key: string, display: string, error: ErrorCode, detail: string, occurrence: LinkOccurrence, link: ExtractedLink): void {
    let record = this.records.get(key);
    if (!record) {
      if (this.records.size >= this.settings.maxUrls) {
        this.hitLimit('maxUrls');
        return;
      }
      // The mistake is in the site's own markup, so it is the site's to fix: internal.
      record = newRecord({ key, host: '', internal: true, kind: link.kind, plan: 'resource', depth: 0 });
      record.state = RecordState.Done;
      record.display = display;
      record.result = syntheticResult(display, error, detail);
      this.records.set(key, record);
      this.broken += 1;
      this.checkpoint?.completedRecord(record);
    }
    addOccurrence(record, occurrence, this.settings.maxOccurrencesPerUrl, true);
    this.checkpoint?.occurrence(record, occurrence);
  }

  private hitLimit(limit: LimitName): void {
    if (this.limitsHit.has(limit)) return;
    this.limitsHit.add(limit);
    this.events.emit({ type: 'limit', limit });
  }

  private stopEarly(limit: LimitName): void {
    if (this.finished) return;
    this.hitLimit(limit);
    this.controller.abort(new Error(limit));
    for (const record of this.frontier.drain()) {
      if (record.state === RecordState.Queued) {
        record.state = RecordState.Done;
        record.result = syntheticResult(record.key, 'LIMIT_REACHED', limit);
      }
    }
    this.finish();
  }

  private emitProgress(): void {
    this.events.emit({ type: 'progress', progress: this.progress() });
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const timer of [this.wakeTimer, this.durationTimer]) if (timer) clearTimeout(timer);
    if (this.progressTimer) clearInterval(this.progressTimer);
    this.gate.close();
    // Anything still marked active when we stop early never got an answer.
    for (const record of this.records.values()) {
      if (record.result === null) record.result = syntheticResult(record.key, 'LIMIT_REACHED', [...this.limitsHit].join(', ') || 'stopped');
    }
    this.applySoft404Signature();
    this.dropPageTraces();
    this.emitProgress();
    const report = buildReport({
      settings: this.settings,
      startKey: this.startKey,
      startedAt: this.startedAt,
      records: this.records,
      fragments: this.fragments,
      limitsHit: [...this.limitsHit],
      pagesCrawled: this.pagesCrawled,
      urlsChecked: this.urlsChecked,
      sitemapUrls: this.sitemapUrls,
      robots: this.robots.summary(this.startUrl.origin),
      robotsDisallowed: (url) => this.robots.disallowsKnown(url),
    });
    void this.http.close().catch(() => undefined);
    void this.pages.close().catch(() => undefined);
    const persisted = this.checkpoint ? this.checkpoint.flush() : Promise.resolve();
    void persisted.then(() => {
      for (const finding of report.findings) this.events.emit({ type: 'finding', finding });
      this.events.emit({ type: 'done', report });
      this.events.close();
      this.resolveDone(report);
    });
  }
}

/** The retained record of where a link appears, detached from the page's text. */
function occurrenceOf(link: ExtractedLink, page: string): LinkOccurrence {
  return { page, element: link.element, attribute: link.attribute, text: detachString(link.text), line: link.line };
}
