import type { BlacklistRule } from '../../store/blacklist-rule.js';
import type { Scan, Site, Store } from '../../store/store.js';
import { UsageError } from '../usage-error.js';

/** Short ids in tables, like git's: enough to type, and every command accepts a unique prefix. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/**
 * A site named on the command line: its id, its URL (with or without the scheme and trailing
 * slash), or a unique prefix of either. An ambiguous prefix lists the candidates.
 */
export async function resolveSite(store: Store, ref: string): Promise<Site> {
  const wanted = ref.trim();
  if (wanted === '') throw new UsageError('no site given');
  const sites = await store.listSites();
  const bare = stripScheme(wanted);
  const exact = sites.filter((s) => s.id === wanted || s.url === wanted || sameUrl(stripScheme(s.url), bare));
  if (exact.length === 1 && exact[0]) return exact[0];
  const prefixed = sites.filter((s) => s.id.startsWith(wanted) || s.url.startsWith(wanted) || stripScheme(s.url).startsWith(bare));
  return pick(prefixed, ref, 'site', (s) => `${shortId(s.id)} ${s.url}`, 'dislike404 sites list');
}

/** A scan id or a unique prefix of one, across all sites. */
export async function resolveScan(store: Store, ref: string): Promise<Scan> {
  const wanted = ref.trim().toLowerCase();
  if (wanted === '') throw new UsageError('no scan given');
  const direct = await store.getScan(wanted);
  if (direct) return direct;
  const matches: Scan[] = [];
  for (const site of await store.listSites()) {
    for (const scan of await store.listScans(site.id)) if (scan.id.startsWith(wanted)) matches.push(scan);
  }
  return pick(matches, ref, 'scan', (s) => shortId(s.id), 'dislike404 history <site>');
}

/** A blacklist rule of one site by id or unique id prefix. */
export async function resolveRule(store: Store, site: Site, ref: string): Promise<BlacklistRule> {
  const wanted = ref.trim().toLowerCase();
  const rules = await store.listBlacklistRules(site.id);
  const exact = rules.find((r) => r.id === wanted);
  if (exact) return exact;
  const matches = wanted === '' ? [] : rules.filter((r) => r.id.startsWith(wanted));
  return pick(matches, ref, 'blacklist rule', (r) => `${shortId(r.id)} ${r.pattern}`, `dislike404 blacklist list ${site.url}`);
}

function pick<T>(matches: readonly T[], ref: string, what: string, label: (item: T) => string, listCommand: string): T {
  const [only, ...rest] = matches;
  if (only !== undefined && rest.length === 0) return only;
  if (only === undefined) throw new UsageError(`no ${what} matches ${JSON.stringify(ref)} (see ${listCommand})`);
  const shown = matches.slice(0, 5).map(label).join(', ');
  throw new UsageError(`${JSON.stringify(ref)} matches ${matches.length} ${what}s (${shown}${matches.length > 5 ? ', …' : ''}); give more of it`);
}

function stripScheme(url: string): string {
  return url.replace(/^https?:\/\//i, '');
}

function sameUrl(a: string, b: string): boolean {
  const trim = (s: string): string => s.replace(/\/+$/, '').toLowerCase();
  return trim(a) === trim(b);
}
