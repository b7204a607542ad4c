import { compileUrlPattern, type UrlPattern } from './url-pattern.js';

export interface ScopeOptions {
  startUrl: URL;
  includeSubdomains: boolean;
  include: string[];
  exclude: string[];
}

/**
 * Decides, per URL, whether it belongs to the site (internal: crawled) and whether the user
 * excluded it (neither crawled nor checked). Internal means the same host name as the start URL,
 * whatever the scheme or port, so http→https variants of the site count as the site.
 */
export class Scope {
  private readonly host: string;
  private readonly hostSuffix: string;
  private readonly includes: UrlPattern[];
  private readonly excludes: UrlPattern[];

  constructor(private readonly options: ScopeOptions) {
    this.host = stripWww(options.startUrl.hostname);
    this.hostSuffix = `.${this.host}`;
    this.includes = options.include.map(compileUrlPattern);
    this.excludes = options.exclude.map(compileUrlPattern);
  }

  isInternal(url: URL): boolean {
    const host = url.hostname;
    if (host === this.options.startUrl.hostname) return true;
    if (!this.options.includeSubdomains) return false;
    return stripWww(host) === this.host || host.endsWith(this.hostSuffix);
  }

  /** Excluded URLs are not fetched at all. */
  isExcluded(url: URL): boolean {
    return this.excludes.some((p) => p.test(url));
  }

  /** With --include patterns, only matching internal pages are crawled; the rest are still checked. */
  mayCrawl(url: URL): boolean {
    return this.includes.length === 0 || this.includes.some((p) => p.test(url));
  }
}

function stripWww(host: string): string {
  return host.startsWith('www.') ? host.slice(4) : host;
}
