import type { AccountsStore, User } from '../store/accounts-store.js';
import type { Scan, Site, Store } from '../store/store.js';
import type { Quotas } from './quotas.js';
import { secondsUntilNextUtcDay, startOfUtcDay } from './quotas.js';
import type { ScanRunner } from './scan-runner.js';
import { notFound, ServerError } from './server-error.js';
import { checkVerification, type VerificationOutcome } from './site-verification.js';

export interface SiteServiceDeps {
  store: Store;
  accounts: AccountsStore;
  runner: ScanRunner;
  quotas: Quotas;
  allowPrivateNetworks: boolean;
  now: () => Date;
}

/** The plugin's run states, derived from our scan statuses and findings. */
export type RunState = 'idle' | 'initiating' | 'running' | 'errors_found' | 'no_errors' | 'aborted' | 'failed';

export interface SiteStatus {
  state: RunState;
  scan: Scan | null;
  pagesCrawled: number;
  errors: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Everything the web pages and both APIs do to a site, scoped to one user. Another user's site
 * is indistinguishable from a missing one (404), so ids reveal nothing about other tenants.
 */
export class SiteService {
  readonly #deps: SiteServiceDeps;

  constructor(deps: SiteServiceDeps) {
    this.#deps = deps;
  }

  async ownedSite(user: User, siteId: string): Promise<Site> {
    const site = UUID.test(siteId) ? await this.#deps.store.getSite(siteId) : null;
    if (site === null || site.owner !== user.id) throw notFound('No such site');
    return site;
  }

  async ownedScan(user: User, scanId: string): Promise<{ site: Site; scan: Scan }> {
    const scan = UUID.test(scanId) ? await this.#deps.store.getScan(scanId) : null;
    const site = scan === null ? null : await this.#deps.store.getSite(scan.siteId);
    if (scan === null || site === null || site.owner !== user.id) throw notFound('No such scan');
    return { site, scan };
  }

  listSites(user: User): Promise<Site[]> {
    return this.#deps.store.listSites({ owner: user.id });
  }

  async addSite(user: User, url: string, name?: string): Promise<Site> {
    if (await this.#deps.store.getSiteByUrl(url, user.id)) throw new ServerError('SITE_EXISTS', `You already have a site for ${url}`);
    return this.#deps.store.addSite({ url, owner: user.id, ...(name === undefined ? {} : { name }) });
  }

  async isVerified(site: Site): Promise<boolean> {
    return (await this.#deps.accounts.getVerification(site.id)) !== null;
  }

  async verify(site: Site): Promise<VerificationOutcome> {
    const outcome = await checkVerification(site.url, site.id, { allowPrivateNetworks: this.#deps.allowPrivateNetworks });
    if (outcome.verified) await this.#deps.accounts.setVerification({ siteId: site.id, method: outcome.method, verifiedAt: this.#deps.now().toISOString() });
    return outcome;
  }

  /** Starts an on-demand scan within the site's daily quota and page limit. */
  async startScan(site: Site): Promise<Scan> {
    const tier = (await this.isVerified(site)) ? this.#deps.quotas.verified : this.#deps.quotas.unverified;
    const now = this.#deps.now();
    const used = await this.#deps.accounts.countScanRequests(site.id, startOfUtcDay(now).toISOString());
    if (used >= tier.scansPerDay) {
      throw new ServerError('QUOTA_EXCEEDED', `This site has used its ${tier.scansPerDay} on-demand scans for today (UTC)`, {
        headers: { 'retry-after': String(secondsUntilNextUtcDay(now)) },
      });
    }
    const scan = await this.#deps.runner.start(site, { maxPages: tier.maxPages });
    await this.#deps.accounts.recordScanRequest({ siteId: site.id, scanId: scan.id, requestedAt: now.toISOString() });
    return scan;
  }

  /** Continues an interrupted scan at the site's current tier cap; it was counted when it started. */
  async resumeScan(site: Site, scan: Scan): Promise<Scan> {
    const tier = (await this.isVerified(site)) ? this.#deps.quotas.verified : this.#deps.quotas.unverified;
    return this.#deps.runner.resume(site, scan, { maxPages: tier.maxPages });
  }

  async status(site: Site): Promise<SiteStatus> {
    const [scan] = await this.#deps.store.listScans(site.id, { limit: 1 });
    if (scan === undefined) return { state: 'idle', scan: null, pagesCrawled: 0, errors: 0 };
    const live = this.#deps.runner.progress(site.id);
    const errors = scan.summary?.bySeverity.error ?? 0;
    const pagesCrawled = live?.pagesCrawled ?? scan.summary?.pagesCrawled ?? scan.counters.pagesCrawled;
    return { state: runState(scan, live === null ? null : live.urlsChecked), scan, pagesCrawled, errors };
  }
}

function runState(scan: Scan, liveChecked: number | null): RunState {
  switch (scan.status) {
    case 'queued':
      return 'initiating';
    case 'running':
      // A running row no process here is working on was cut short by a restart.
      return liveChecked === null ? 'aborted' : liveChecked === 0 ? 'initiating' : 'running';
    case 'completed':
      return (scan.summary?.bySeverity.error ?? 0) > 0 ? 'errors_found' : 'no_errors';
    case 'aborted':
    case 'interrupted':
      return 'aborted';
    case 'failed':
      return 'failed';
  }
}
