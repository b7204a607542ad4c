import type { Finding } from '../core/report-types.js';
import type { BlacklistRule, BlacklistRuleInput } from '../store/blacklist-rule.js';

/** What one click on a finding blacklists: the URL itself, its folder, or its whole host. */
export const BLACKLIST_TARGETS = ['url', 'folder', 'domain'] as const;
export type BlacklistTarget = (typeof BLACKLIST_TARGETS)[number];

export interface BlacklistChoice {
  target: BlacklistTarget;
  /** Button text. */
  label: string;
  rule: BlacklistRuleInput;
}

const NOTE = 'Added from the results page';

/**
 * The rules one click can add for a finding. Internal folders are path rules (`/docs/old/`), which
 * the matcher applies to the path and query, scoped to internal links so another site's
 * `/docs/old/` stays reported; external folders keep their origin. A host is a regex over both
 * schemes and any port, since the rule kinds have no "domain". No folder rule for `/`: that is
 * the whole site, and no folder or host rule for a URL that does not parse.
 */
export function blacklistChoices(finding: Pick<Finding, 'url' | 'internal'>, author: string | null = null): BlacklistChoice[] {
  const common = { note: NOTE, author };
  const choices: BlacklistChoice[] = [{ target: 'url', label: 'Ignore this URL', rule: { kind: 'exact', pattern: finding.url, scope: 'any', ...common } }];
  const url = webUrl(finding.url);
  if (url === null) return choices;
  const folder = url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
  if (folder !== '/' && folder !== '') {
    choices.push({
      target: 'folder',
      label: `Ignore everything under ${folder}`,
      rule: finding.internal ? { kind: 'prefix', pattern: folder, scope: 'internal', ...common } : { kind: 'prefix', pattern: `${url.origin}${folder}`, scope: 'external', ...common },
    });
  }
  if (!finding.internal) {
    choices.push({
      target: 'domain',
      label: `Ignore every link to ${url.hostname}`,
      rule: { kind: 'regex', pattern: `^https?://${escapeRegex(url.hostname)}(?::\\d+)?(?:[/?#]|$)`, scope: 'external', ...common },
    });
  }
  return choices;
}

/** A stored rule that already says the same, so a second click adds no duplicate. */
export function sameRule(existing: readonly BlacklistRule[], rule: BlacklistRuleInput): BlacklistRule | null {
  return (
    existing.find(
      (r) => r.kind === rule.kind && r.pattern === rule.pattern && r.scope === (rule.scope ?? 'any') && r.statusCodes === null && r.errorCodes === null,
    ) ?? null
  );
}

/** A rule as people read it: `exact https://…`, `prefix /docs/`. */
export function describeRule(rule: Pick<BlacklistRule, 'kind' | 'pattern' | 'scope'>): string {
  return `${rule.kind} ${rule.pattern}${rule.scope === 'any' ? '' : ` (${rule.scope} links)`}`;
}

function webUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
