import type { BlacklistRule } from '../../store/blacklist-rule.js';
import type { Scan, Site } from '../../store/store.js';
import { csrfField, html, raw, type RawHtml } from '../html.js';
import { when } from './dashboard-view.js';

/** The add-rule form as the user typed it, so a refused form comes back unchanged. */
export interface RuleForm {
  kind: string;
  pattern: string;
  scope: string;
  note: string;
}

export type RuleFormField = keyof RuleForm;
export type RuleFormErrors = Partial<Record<RuleFormField, string>>;

export const EMPTY_RULE_FORM: RuleForm = { kind: 'exact', pattern: '', scope: 'any', note: '' };

/** How many findings of the latest finished scan each rule suppressed. */
export interface SuppressionCounts {
  scan: Scan;
  byRule: ReadonlyMap<string, number>;
  /** How many suppressed findings were counted; when `complete` is false there were more. */
  counted: number;
  complete: boolean;
}

export interface BlacklistPageModel {
  site: Site;
  csrf: string;
  rules: readonly BlacklistRule[];
  /** Null when the site has no finished scan yet. */
  counts: SuppressionCounts | null;
  form: RuleForm;
  errors: RuleFormErrors;
  /** One-shot note after an add or a removal. */
  notice: 'added' | 'removed' | null;
}

const STYLE = raw(`<style>
.rules{list-style:none;padding:0;margin:0}
.rules>li{border:1px solid #ccc;border-radius:4px;padding:.5rem .75rem;margin:0 0 .75rem}
.rules dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.125rem .75rem;margin:.5rem 0}
.rules dt{font-weight:600}
.rules dd{margin:0;min-width:0}
.rule-form .field{margin:.75rem 0}
.rule-form .field>label{display:block;font-weight:600;margin-bottom:.25rem}
.rule-form input,.rule-form select{width:100%;max-width:100%;padding:.25rem}
.rule-form select{max-width:16rem}
.rule-form [aria-invalid=true]{border:2px solid #a00}
.hint{color:#555;font-size:.9rem;margin:.25rem 0}
.error{color:#a00;font-weight:600;margin:.25rem 0}
</style>`);

const KINDS: readonly { value: string; label: string }[] = [
  { value: 'exact', label: 'exact: this URL only' },
  { value: 'prefix', label: 'prefix: URLs starting with the pattern' },
  { value: 'glob', label: 'glob: wildcards such as /blog/**' },
  { value: 'regex', label: 'regex: a regular expression' },
];

const SCOPES: readonly { value: string; label: string }[] = [
  { value: 'any', label: 'any link' },
  { value: 'internal', label: 'internal links only' },
  { value: 'external', label: 'external links only' },
];

const LABELS: Record<RuleFormField, string> = { kind: 'Kind', pattern: 'Pattern', scope: 'Applies to', note: 'Note (optional)' };

const HINTS: Record<RuleFormField, RawHtml> = {
  kind: html`Exact, prefix and glob patterns that start with <code>/</code> match the path (and query) of any URL; otherwise they match the whole URL.`,
  pattern: html`E.g. <code>https://example.com/old-page</code>, <code>/docs/old/</code>, <code>/private/**</code> or <code>^https?://ads\.example\.net/</code>.`,
  scope: html`Internal links stay on the site; external links leave it.`,
  note: html`Why the rule exists, for whoever reads this list later.`,
};

const id = (field: RuleFormField): string => `rule-${field}`;

/** The site's blacklist: what each rule hid in the latest scan, a Remove button each, and the add form. */
export function blacklistView(m: BlacklistPageModel): RawHtml {
  const resultsLink = m.counts === null ? html`the results page of a scan` : html`<a href="/sites/${m.site.id}/scans/${m.counts.scan.id}">the results page</a>`;
  return html`${STYLE}<p><a href="/sites/${m.site.id}">Back to ${m.site.name}</a></p>
${noticeLine(m.notice)}
<p>A rule hides the links it matches from the results and alerts of future scans: they are still checked and stored, marked as suppressed, and counted in no total. Existing results do not change. You can also add rules with one click from ${resultsLink}.</p>
${rulesSection(m)}
${addForm(m)}`;
}

function noticeLine(notice: BlacklistPageModel['notice']): RawHtml {
  if (notice === null) return raw('');
  return html`<p role="status">${notice === 'added' ? 'Rule added: it applies from the next scan.' : 'Rule removed: the next scan reports those links again.'}</p>`;
}

function rulesSection(m: BlacklistPageModel): RawHtml {
  if (m.rules.length === 0) return html`<section aria-labelledby="rules-heading"><h2 id="rules-heading">Rules</h2><p id="no-rules">No rules yet: every problem found is reported.</p></section>`;
  const scanLine =
    m.counts === null
      ? html`<p>No scan has finished yet, so no rule has suppressed anything.</p>`
      : html`<p>“Suppressed” counts findings of the latest finished scan, ${when(m.counts.scan.finishedAt ?? m.counts.scan.createdAt)}.</p>`;
  return html`<section aria-labelledby="rules-heading"><h2 id="rules-heading">Rules (${m.rules.length})</h2>${scanLine}
<ul class="rules">${m.rules.map((rule) => ruleItem(m, rule))}</ul></section>`;
}

function ruleItem(m: BlacklistPageModel, rule: BlacklistRule): RawHtml {
  const codes: RawHtml[] = [];
  if (rule.statusCodes !== null) codes.push(html`<dt>Statuses</dt><dd>${rule.statusCodes.join(', ')}</dd>`);
  if (rule.errorCodes !== null) codes.push(html`<dt>Errors</dt><dd>${rule.errorCodes.join(', ')}</dd>`);
  const note = rule.note === '' ? raw('') : html`<dt>Note</dt><dd>${rule.note}</dd>`;
  return html`<li id="rule-${rule.id}"><code>${rule.pattern}</code>
<dl><dt>Kind</dt><dd>${rule.kind}</dd><dt>Applies to</dt><dd>${scopeText(rule.scope)}</dd>${codes}${note}
<dt>Added</dt><dd>${when(rule.createdAt)}${rule.author === null ? '' : html` by ${rule.author}`}</dd>
<dt>Suppressed</dt><dd class="suppressed">${suppressedText(m.counts, rule)}</dd></dl>
<form method="post" action="/sites/${m.site.id}/blacklist/${rule.id}/remove">${csrfField(m.csrf)}<button aria-label="Remove rule ${rule.kind} ${rule.pattern}">Remove</button></form></li>`;
}

function scopeText(scope: BlacklistRule['scope']): string {
  return scope === 'any' ? 'any link' : `${scope} links`;
}

function suppressedText(counts: SuppressionCounts | null, rule: BlacklistRule): string {
  if (counts === null) return 'no finished scan yet';
  const n = counts.byRule.get(rule.id) ?? 0;
  if (n === 0 && rule.createdAt > (counts.scan.startedAt ?? counts.scan.createdAt)) return 'not applied yet: added after the latest scan started';
  const findings = `finding${n === 1 ? '' : 's'}`;
  if (counts.complete) return `${n} ${findings} in the latest scan`;
  return n === 0 ? `none among the first ${counts.counted} suppressed findings (there are many)` : `many: at least ${n} ${findings} in the latest scan`;
}

function describedBy(field: RuleFormField, errors: RuleFormErrors): RawHtml {
  const ids = `${id(field)}-hint${errors[field] === undefined ? '' : ` ${id(field)}-error`}`;
  return html` aria-describedby="${ids}"${errors[field] === undefined ? '' : raw(' aria-invalid="true"')}`;
}

function field(name: RuleFormField, m: BlacklistPageModel, control: (attrs: RawHtml) => RawHtml): RawHtml {
  const attrs = html`id="${id(name)}" name="${name}"${describedBy(name, m.errors)}`;
  const message = m.errors[name];
  const error = message === undefined ? raw('') : html`<p id="${id(name)}-error" class="error" role="alert">${message}</p>`;
  return html`<div class="field"><label for="${id(name)}">${LABELS[name]}</label><p id="${id(name)}-hint" class="hint">${HINTS[name]}</p>${control(attrs)}${error}</div>`;
}

function select(name: 'kind' | 'scope', m: BlacklistPageModel, options: readonly { value: string; label: string }[]): RawHtml {
  const items = options.map((o) => html`<option value="${o.value}"${o.value === m.form[name] ? raw(' selected') : ''}>${o.label}</option>`);
  return field(name, m, (attrs) => html`<select ${attrs}>${items}</select>`);
}

function addForm(m: BlacklistPageModel): RawHtml {
  return html`<section aria-labelledby="add-heading"><h2 id="add-heading">Add a rule</h2>
<form method="post" action="/sites/${m.site.id}/blacklist" class="rule-form" novalidate>${csrfField(m.csrf)}
${select('kind', m, KINDS)}
${field('pattern', m, (attrs) => html`<input type="text" ${attrs} value="${m.form.pattern}" maxlength="2048" autocomplete="off" autocapitalize="off" spellcheck="false" required>`)}
${select('scope', m, SCOPES)}
${field('note', m, (attrs) => html`<input type="text" ${attrs} value="${m.form.note}" maxlength="500">`)}
<button>Add rule</button></form></section>`;
}
