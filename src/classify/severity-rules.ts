import type { ErrorCode } from '../core/error-codes.js';
import type { FindingCategory, Severity } from '../core/report-types.js';
import type { RedirectHop, ResourceKind } from '../core/types.js';
import { lookupKnowledge } from './knowledge/knowledge-base.js';
import { outcomeKeyOf } from './outcome-key.js';

/** Everything severity may depend on: the outcome, where the URL lives, and the evidence gathered. */
export interface SeverityInput {
  category: FindingCategory;
  status: number | null;
  error: ErrorCode | null;
  internal: boolean;
  kind: ResourceKind;
  redirects: RedirectHop[];
  finalUrl: string;
  inSitemap: boolean;
  /** Distinct pages that link to the URL. */
  linkingPages: number;
  /** Under a path the user marked as protected (login area). */
  protectedPath: boolean;
  /** robots.txt disallows it (only knowable for fetched URLs when robots was ignored). */
  robotsDisallowed: boolean;
}

export interface Verdict {
  severity: Severity;
  reason: string;
}

interface Rule {
  name: string;
  when: (i: SeverityInput) => boolean;
  verdict: (i: SeverityInput) => Verdict;
}

/** A URL linked from this many pages is treated as part of the site's navigation. */
export const NAVIGATION_LINK_THRESHOLD = 3;

const isAuth = (i: SeverityInput): boolean => i.status === 401 || i.status === 403;
const isPermanent = (status: number): boolean => status === 301 || status === 308;
const where = (i: SeverityInput): string => (i.internal ? 'internal' : 'external');
const thing = (i: SeverityInput): string => (i.kind === 'page' || i.kind === 'frame' ? 'page' : i.kind === 'other' ? 'resource' : i.kind);

/**
 * The rules, first match wins. Each rule is one sentence of judgement a site owner can act on;
 * anything not covered falls back to the knowledge base's default for internal/external.
 */
export const SEVERITY_RULES: readonly Rule[] = [
  {
    name: 'skipped',
    when: (i) => i.category === 'skipped',
    verdict: (i) => ({
      severity: 'notice',
      reason: i.error === 'BLOCKED_BY_ROBOTS' ? 'Skipped: robots.txt asks bots not to fetch it, so it was not checked.' : 'Not checked in this scan.',
    }),
  },
  {
    name: 'bot-protection',
    when: (i) => i.error === 'BOT_PROTECTION' || i.status === 999,
    verdict: () => ({ severity: 'notice', reason: 'Blocked by bot protection, not necessarily broken: check it manually in a browser.' }),
  },
  {
    name: 'auth-protected-area',
    when: (i) => i.internal && isAuth(i) && (i.protectedPath || i.robotsDisallowed),
    verdict: (i) => ({
      severity: 'notice',
      reason: `Expected: ${i.protectedPath ? 'you marked this path as protected' : 'robots.txt keeps bots out of this path'}, so a login wall is normal.`,
    }),
  },
  {
    name: 'auth-published-page',
    when: (i) => i.internal && isAuth(i) && (i.inSitemap || i.linkingPages >= NAVIGATION_LINK_THRESHOLD),
    verdict: (i) => ({
      severity: 'error',
      reason: `A page you publish requires login: ${i.inSitemap ? 'your sitemap lists it' : `${i.linkingPages} of your pages link to it`}, yet it answers ${i.status}.`,
    }),
  },
  {
    name: 'auth-internal',
    when: (i) => i.internal && isAuth(i),
    verdict: (i) => ({ severity: 'warning', reason: `An internal link answers ${i.status}: visitors without an account cannot follow it; make it public or link only for signed-in users.` }),
  },
  {
    name: 'auth-external',
    when: (i) => !i.internal && isAuth(i),
    verdict: (i) => ({
      severity: i.status === 401 ? 'notice' : 'warning',
      reason: `The other site requires ${i.status === 401 ? 'login' : 'permission'} for this link; often expected for members-only content, so check whether your visitors can use it.`,
    }),
  },
  {
    name: 'soft-404',
    when: (i) => i.error === 'SOFT_404',
    verdict: (i) => ({ severity: 'warning', reason: `The ${where(i)} page answers 200 but shows a "not found" page: search engines and visitors see an error.` }),
  },
  {
    name: 'internal-broken',
    when: (i) => i.internal && i.category === 'broken' && i.error !== 'FRAGMENT_NOT_FOUND' && i.error !== 'BODY_TOO_LARGE',
    verdict: (i) => ({
      severity: 'error',
      reason: i.redirects.length > 0 ? `Internal link redirects to an error (${describeEnd(i)}).` : `Internal ${thing(i)} is broken on your own site: ${describeEnd(i)}.`,
    }),
  },
  {
    name: 'external-gone',
    when: (i) => !i.internal && (i.status === 404 || i.status === 410),
    verdict: (i) => ({ severity: 'error', reason: `The linked ${thing(i)} no longer exists on the other site (${i.status}).` }),
  },
  {
    name: 'external-transient',
    when: (i) => !i.internal && ((i.status !== null && i.status >= 500) || i.error === 'TIMEOUT' || i.error === 'CONNECTION_RESET' || i.error === 'DNS_TIMEOUT'),
    verdict: (i) => ({ severity: 'warning', reason: `The other site failed this time (${describeEnd(i)}); this is often temporary, so it is an error only if it keeps failing.` }),
  },
  {
    name: 'redirect-downgrade',
    when: (i) => i.category === 'redirected' && downgrades(i),
    verdict: () => ({ severity: 'warning', reason: 'The redirect goes from https to plain http: visitors lose encryption on the way.' }),
  },
  {
    name: 'redirect-long-chain',
    when: (i) => i.category === 'redirected' && i.redirects.length > 3,
    verdict: (i) => ({ severity: 'warning', reason: `${i.redirects.length} redirects before the content: each hop slows visitors and search engines down.` }),
  },
  {
    name: 'redirect-internal',
    when: (i) => i.category === 'redirected' && i.internal,
    verdict: (i) => ({
      severity: 'notice',
      reason: `${isPermanent(i.redirects[0]?.status ?? 0) ? 'Permanently moved' : 'Redirected'}: link to ${i.finalUrl} directly.`,
    }),
  },
  {
    name: 'redirect-external-permanent',
    when: (i) => i.category === 'redirected' && isPermanent(i.redirects[0]?.status ?? 0),
    verdict: (i) => ({ severity: 'notice', reason: `The other site moved this permanently; update the link to ${i.finalUrl}.` }),
  },
  {
    name: 'redirect-external-temporary',
    when: (i) => i.category === 'redirected',
    verdict: () => ({ severity: 'ok', reason: 'A temporary redirect on the other site; nothing to change.' }),
  },
];

export function judgeSeverity(input: SeverityInput): Verdict {
  for (const rule of SEVERITY_RULES) {
    if (rule.when(input)) return rule.verdict(input);
  }
  if (input.category === 'ok') return { severity: 'ok', reason: 'Works.' };
  const entry = lookupKnowledge(outcomeKeyOf(input.status, input.error));
  const severity = entry ? (input.internal ? entry.severity.internal : entry.severity.external) : input.category === 'broken' ? 'error' : 'warning';
  return { severity, reason: `${capitalise(where(input))} ${thing(input)}: ${entry?.summary ?? describeEnd(input)}` };
}

function downgrades(i: SeverityInput): boolean {
  let previous = i.redirects[0]?.url ?? '';
  for (const hop of i.redirects) {
    if (previous.startsWith('https:') && hop.location?.startsWith('http:')) return true;
    previous = hop.location ?? previous;
  }
  return false;
}

function describeEnd(i: SeverityInput): string {
  if (i.error) return i.error;
  return i.status === null ? 'no response' : `HTTP ${i.status}`;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
