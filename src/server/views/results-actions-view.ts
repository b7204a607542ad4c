import type { Finding } from '../../core/report-types.js';
import type { BlacklistRule } from '../../store/blacklist-rule.js';
import { blacklistChoices, describeRule } from '../blacklist-actions.js';
import { csrfField, html, raw, type RawHtml } from '../html.js';
import { canRecheck } from '../recheck-link.js';
import type { ResultsNotice } from '../routes/results-query.js';

/** What every action form on one results page shares. */
export interface ResultsActionContext {
  /** `/sites/:id/scans/:scanId` */
  base: string;
  /** The page's filters as `?…` (or ''), so every action comes back to the same view. */
  filters: string;
  csrf: string;
}

export const ACTIONS_STYLE = raw(`<style>
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}.actions form{display:inline}
.notice{background:#eef6ee;border:1px solid #8b8;padding:.5rem}.notice form{display:inline}
.tag{font-size:.8rem;border:1px solid #888;border-radius:.25rem;padding:0 .25rem;margin-left:.25rem}
</style>`);

function removeRuleForm(rule: BlacklistRule, ctx: ResultsActionContext, label: string): RawHtml {
  return html`<form method="post" action="${ctx.base}/blacklist/${rule.id}/delete${ctx.filters}">${csrfField(ctx.csrf)}<button>${label}</button></form>`;
}

/**
 * A site rule covering a finding. Rules are applied when a scan finishes and the store keeps the
 * rule that suppressed each finding, so a rule added later only takes effect from the next scan.
 */
export interface Coverage {
  rule: BlacklistRule;
  appliedToThisScan: boolean;
}

/** The buttons under an expanded finding: recheck it now, or blacklist it (URL, folder, host), or remove the rule that covers it. */
export function findingActions(finding: Finding, coverage: Coverage | null, ctx: ResultsActionContext): RawHtml {
  const recheck = canRecheck(finding)
    ? html`<form method="post" action="${ctx.base}/recheck${ctx.filters}">${csrfField(ctx.csrf)}<input type="hidden" name="url" value="${finding.url}"><button>Recheck this link</button></form>`
    : raw('');
  if (coverage !== null) {
    const when = coverage.appliedToThisScan ? 'suppressed in this scan' : 'blacklisted — will be suppressed in future scans';
    return html`<p class="covered">Covered by blacklist rule <code>${describeRule(coverage.rule)}</code>: ${when}.</p>
<div class="actions">${recheck} ${removeRuleForm(coverage.rule, ctx, 'Remove this rule')}</div>`;
  }
  // The matcher never suppresses an `ok` finding, so offering to blacklist one would do nothing.
  const choices = finding.severity === 'ok' ? [] : blacklistChoices(finding);
  const forms = choices.map(
    (choice) =>
      html`<form method="post" action="${ctx.base}/blacklist${ctx.filters}">${csrfField(ctx.csrf)}<input type="hidden" name="url" value="${finding.url}"><input type="hidden" name="target" value="${choice.target}"><button>${choice.label}</button></form> `,
  );
  return html`<div class="actions">${recheck} ${forms}</div>`;
}

/** The word shown beside a finding's outcome when a rule covers it. */
export function coverageTag(coverage: Coverage | null): RawHtml {
  if (coverage === null) return raw('');
  return html` <span class="tag">${coverage.appliedToThisScan ? 'suppressed' : 'blacklisted'}</span>`;
}

/** The one-shot message after adding or removing a rule, with Undo for the rule just added. */
export function resultsNotice(notice: ResultsNotice, rule: BlacklistRule | null, ctx: ResultsActionContext): RawHtml {
  if (notice === null) return raw('');
  if (notice.kind === 'undone') return html`<p role="status" class="notice">Rule removed: those links are reported again from the next scan.</p>`;
  // The rule may be gone already (undone in another tab): then there is nothing to say.
  if (rule === null) return raw('');
  if (notice.kind === 'already') return html`<p role="status" class="notice">Already covered by rule <code>${describeRule(rule)}</code>.</p>`;
  return html`<p role="status" class="notice">Added rule <code>${describeRule(rule)}</code> — ${removeRuleForm(rule, ctx, 'Undo')}</p>`;
}
