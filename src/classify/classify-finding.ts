import type { Finding } from '../core/report-types.js';
import type { UrlPattern } from '../crawl/url-pattern.js';
import type { DidYouMean } from './did-you-mean.js';
import { lookupKnowledge } from './knowledge/knowledge-base.js';
import { outcomeKeyOf } from './outcome-key.js';
import type { CompiledOverride } from './severity-overrides.js';
import { judgeSeverity, NAVIGATION_LINK_THRESHOLD } from './severity-rules.js';

export interface ClassifyContext {
  protectedPaths: readonly UrlPattern[];
  overrides: readonly CompiledOverride[];
  /** True when robots.txt disallows the URL (known even with --ignore-robots). */
  robotsDisallowed: (url: string) => boolean;
  suggestions: DidYouMean;
}

/** Fills severity, reason, title, advice and the did-you-mean suggestion of a finding. */
export function classifyFinding(finding: Finding, context: ClassifyContext): Finding {
  const url = safeUrl(finding.url);
  const verdict = judgeSeverity({
    category: finding.category,
    status: finding.status,
    error: finding.error,
    internal: finding.internal,
    kind: finding.kind,
    redirects: finding.redirects,
    finalUrl: finding.finalUrl,
    inSitemap: finding.inSitemap,
    linkingPages: linkingPages(finding),
    protectedPath: url !== null && context.protectedPaths.some((p) => p.test(url)),
    robotsDisallowed: finding.internal && context.robotsDisallowed(finding.url),
  });
  finding.severity = verdict.severity;
  finding.reason = verdict.reason;
  const override = context.overrides.find((o) => o.matches(finding));
  if (override) {
    finding.severity = override.severity;
    finding.reason = `${verdict.reason} (Severity set to ${override.severity} by your rule for ${override.description}.)`;
  }

  // A redirect is explained by its first hop (301, 302…), everything else by its final outcome.
  const firstHop = finding.redirects[0];
  const explainedStatus = finding.category === 'redirected' && firstHop ? firstHop.status : finding.status;
  const entry = lookupKnowledge(outcomeKeyOf(explainedStatus, finding.error));
  const name = entry?.title ?? 'Unknown outcome';
  finding.title = finding.error === null && explainedStatus !== null ? `${explainedStatus} ${name}` : name;
  finding.advice = finding.category === 'redirected' ? `Link to ${finding.finalUrl} directly.` : (entry?.advice ?? '');

  if (finding.internal && (finding.status === 404 || finding.status === 410) && finding.error === null) {
    const suggestion = context.suggestions.suggest(finding.url);
    finding.suggestion = suggestion;
  }
  return finding;
}

function linkingPages(finding: Finding): number {
  // Occurrences are capped per URL; past the cap, the count alone shows it is linked site-wide.
  if (finding.occurrenceCount > finding.occurrences.length) return Math.max(NAVIGATION_LINK_THRESHOLD, finding.occurrenceCount);
  return new Set(finding.occurrences.map((o) => o.page)).size;
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}
