import type { Finding } from '../../core/report-types.js';
import type { BlacklistRule } from '../../store/blacklist-rule.js';
import { blacklistChoices, describeRule } from '../blacklist-actions.js';
import { csrfField, html, raw, type RawHtml } from '../html.js';
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
 * The buttons under an expanded finding: recheck it now, or blacklist it (URL, folder, host);
 * a finding a site rule already covers says so and offers to remove that rule instead.
 */
export function findingActions(finding: Finding, coveredBy: BlacklistRule | null, ctx: ResultsActionContext): RawHtml {
  const recheck = html`<form method="post" action="${ctx.base}/recheck${ctx.filters}">${csrfField(ctx.csrf)}<input type="hidden" name="url" value="${finding.url}"><button>Recheck this link</button></form>`;
  if (coveredBy !== null) {
    const when = finding.suppressedBy?.ruleId === coveredBy.id ? 'suppressed in this scan' : 'blacklisted — will be suppressed in future scans';
    return html`<p class="covered">Covered by blacklist rule <code>${describeRule(coveredBy)}</code>: ${when}.</p>
<div class="actions">${recheck} ${removeRuleForm(coveredBy, ctx, 'Remove this rule')}</div>`;
  }
  const suppressed = finding.suppressedBy === null ? raw('') : html`<p class="covered">Suppressed in this scan by a rule since removed (<code>${finding.suppressedBy.kind} ${finding.suppressedBy.pattern}</code>).</p>`;
  // The matcher never suppresses an `ok` finding, so offering to blacklist one would do nothing.
  const choices = finding.severity === 'ok' ? [] : blacklistChoices(finding);
  const forms = choices.map(
    (choice) =>
      html`<form method="post" action="${ctx.base}/blacklist${ctx.filters}">${csrfField(ctx.csrf)}<input type="hidden" name="url" value="${finding.url}"><input type="hidden" name="target" value="${choice.target}"><button>${choice.label}</button></form> `,
  );
  return html`${suppressed}<div class="actions">${recheck} ${forms}</div>`;
}

/** The word shown beside a finding's outcome when a rule covers it. */
export function coverageTag(finding: Finding, coveredBy: BlacklistRule | null): RawHtml {
  if (coveredBy === null && finding.suppressedBy === null) return raw('');
  return html` <span class="tag">${finding.suppressedBy !== null ? 'suppressed' : 'blacklisted'}</span>`;
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
