import { entryLabel } from '../../classify/knowledge/entry-label.js';
import { lookupKnowledge } from '../../classify/knowledge/knowledge-base.js';
import { ERROR_CODES } from '../../core/error-codes.js';
import { SEVERITIES, type Finding, type Severity } from '../../core/report-types.js';
import type { Scan } from '../../store/store.js';
import { html, raw, type RawHtml } from '../html.js';
import { PAGE_SIZE, RESOURCE_KINDS, RESULT_SORTS, withQuery, type ResultsQuery } from '../routes/results-query.js';
import { findingOutcome, findingView, GUIDE_BASE, guideSlug, type FindingExtras } from './finding-view.js';

/** Phone-first: nothing wider than the screen, long crawled URLs wrap anywhere. */
export const RESULTS_STYLE = raw(`<style>
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
.filters label{display:flex;flex-direction:column;font-size:.9rem}
.findings{list-style:none;padding:0}.finding{border-top:1px solid #ccc;padding:.25rem 0}
.u,.url{overflow-wrap:anywhere;word-break:break-word}
summary{cursor:pointer;padding:.25rem 0}summary:focus-visible{outline:2px solid #0645ad}
.sev{display:inline-block;min-width:4.5rem;font-weight:bold}.sev-error{color:#a00}.sev-warning{color:#8a5300}
.guide{font-size:.8em;font-weight:normal;margin-left:.25rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
</style>`);

function select(name: keyof ResultsQuery, label: string, options: readonly string[], current: string | number | undefined, anyLabel = 'any'): RawHtml {
  const items = options.map((o) => html`<option value="${o}"${o === String(current ?? '') ? raw(' selected') : ''}>${o}</option>`);
  return html`<label>${label}<select name="${name}"><option value="">${anyLabel}</option>${items}</select></label>`;
}

export function filterForm(action: string, query: ResultsQuery): RawHtml {
  return html`<form method="get" action="${action}" class="filters" role="search" aria-label="Filter findings">
${select('scope', 'Links', ['internal', 'external'], query.scope, 'all')}
${select('severity', 'Severity', SEVERITIES, query.severity)}
<label>Status<input name="status" inputmode="numeric" pattern="[1-5][0-9][0-9]" size="4" value="${query.status ?? ''}"></label>
${select('code', 'Error code', ERROR_CODES, query.code)}
${select('kind', 'Resource', RESOURCE_KINDS, query.kind)}
<label>Search URL or title<input type="search" name="q" maxlength="200" value="${query.q ?? ''}"></label>
${select('sort', 'Sort by', RESULT_SORTS, query.sort ?? 'severity', 'severity')}
${select('dir', 'Order', ['asc', 'desc'], query.dir, 'default')}
<label><span><input type="checkbox" name="new" value="1"${query.new === '1' ? raw(' checked') : ''}> New since last scan</span></label>
<label><span><input type="checkbox" name="suppressed" value="1"${query.suppressed === '1' ? raw(' checked') : ''}> Show suppressed</span></label>
<button>Apply</button> <a href="${action}">Clear</a>
</form>`;
}

/** The h2 of a severity group: what the findings are, not the enum value. */
export const SEVERITY_HEADINGS: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', notice: 'Notices', ok: 'OK' };

/** Counts the caller already has (the grouped page counts each severity as it reads it); absent ones are not shown. */
export interface FindingListCounts {
  bySeverity?: Partial<Record<Severity, number>>;
}

function severityHeading(severity: Severity, count: number | undefined): RawHtml {
  return html`<h2>${SEVERITY_HEADINGS[severity]}${count === undefined ? '' : html` <span class="n">(${count})</span>`}</h2>`;
}

/**
 * The h3 of an outcome group: the name people know it by (`404 Not Found`, `DNS_NOT_FOUND (DNS name
 * not found)`), the status when an engine code stands for one, and a link to its guide.
 */
function outcomeHeading(finding: Finding): RawHtml {
  const key = finding.error ?? finding.status;
  const entry = key === null ? null : lookupKnowledge(key);
  if (entry === null) return html`<h3>${findingOutcome(finding)}</h3>`;
  const label = entryLabel(entry);
  const status = finding.error !== null && finding.status !== null ? `, status ${finding.status}` : '';
  return html`<h3>${label}${status} <a class="guide" href="${GUIDE_BASE}/${guideSlug(entry)}">Guide<span class="vh"> to ${label}</span></a></h3>`;
}

/** Headings whenever severity (then status) changes, so a page reads as grouped when sorted that way. */
export function findingList(
  findings: readonly Finding[],
  grouped: boolean,
  extras: (finding: Finding) => FindingExtras = () => ({}),
  counts: FindingListCounts = {},
): RawHtml {
  const out: RawHtml[] = [];
  let severity: string | null = null;
  let outcome: string | null = null;
  let items: RawHtml[] = [];
  const flush = (): void => {
    if (items.length > 0) out.push(html`<ul class="findings">${items}</ul>`);
    items = [];
  };
  for (const finding of findings) {
    if (grouped && finding.severity !== severity) {
      flush();
      severity = finding.severity;
      outcome = null;
      out.push(severityHeading(finding.severity, counts.bySeverity?.[finding.severity]));
    }
    if (grouped && findingOutcome(finding) !== outcome) {
      flush();
      outcome = findingOutcome(finding);
      out.push(outcomeHeading(finding));
    }
    items.push(findingView(finding, extras(finding)));
  }
  flush();
  return out.length === 0 ? html`<p>No findings match these filters.</p>` : html`${out}`;
}

export function pager(action: string, query: ResultsQuery, total: number): RawHtml {
  const page = query.page ?? 1;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const link = (n: number, text: string, rel: string): RawHtml => html`<a href="${action}${withQuery(query, { page: n === 1 ? undefined : n })}" rel="${rel}">${text}</a>`;
  return html`<nav aria-label="Pages of findings"><p>Page ${page} of ${pages} (${total} findings)
${page > 1 ? link(page - 1, '← Previous', 'prev') : ''} ${page < pages ? link(page + 1, 'Next →', 'next') : ''}</p></nav>`;
}

export function scanSummary(scan: Scan): RawHtml {
  const s = scan.summary;
  if (s === null) return html`<p>Status: <strong>${scan.status}</strong>. ${scan.counters.pagesCrawled} pages crawled so far.</p>`;
  const counts = SEVERITIES.map((sev) => html`${sev}: ${s.bySeverity[sev]}`);
  return html`<p>Status: <strong>${scan.status}</strong>. ${s.pagesCrawled} pages crawled, ${s.urlsChecked} URLs checked, ${s.suppressed} suppressed.</p>
<p>${counts.map((c, i) => html`${i === 0 ? '' : ' · '}${c}`)}</p>`;
}
