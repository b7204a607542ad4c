import { entryLabel } from '../../classify/knowledge/entry-label.js';
import { lookupKnowledge } from '../../classify/knowledge/knowledge-base.js';
import { SEVERITIES, type Finding, type Severity } from '../../core/report-types.js';
import type { FindingChange, FindingDiff } from '../../store/diff-scans.js';
import type { Scan, Site } from '../../store/store.js';
import { html, raw, type RawHtml } from '../html.js';
import { when } from './dashboard-view.js';
import { findingOutcome, GUIDE_BASE, guideSlug } from './finding-view.js';
import { safeLink } from './safe-link.js';

export const CHANGES: readonly FindingChange[] = ['new', 'fixed', 'still_broken'];
/** Entries per change shown at once; the rest are a page further on. */
export const DIFF_PAGE_SIZE = 100;

const CHANGE_TITLES: Record<FindingChange, string> = { new: 'New', fixed: 'Fixed', still_broken: 'Still broken' };
const CHANGE_NOTES: Record<FindingChange, string> = {
  new: 'Broken now, but not in the scan compared with.',
  fixed: 'Broken in the scan compared with, fine (or gone) now.',
  still_broken: 'Broken in both scans.',
};

export const DIFF_STYLE = raw(`<style>
h1{overflow-wrap:anywhere}
.counts{display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;padding:0;list-style:none;font-size:1.1rem}
.changes{list-style:none;padding:0;margin:0}.changes li{border-top:1px solid #ddd;padding:.35rem 0}
.u,.url{overflow-wrap:anywhere;word-break:break-word}
.sev{display:inline-block;min-width:4.5rem;font-weight:bold}.sev-error{color:#a00}.sev-warning{color:#8a5300}
.meta{color:#444;font-size:.9rem}
.compare{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}.compare label{display:flex;flex-direction:column;max-width:100%}
.compare select{max-width:100%}
</style>`);

export interface DiffPageModel {
  site: Site;
  scan: Scan;
  /** The scan compared with; null when the site has no earlier finished scan. */
  against: Scan | null;
  /** Whether `against` was chosen rather than defaulted, so links keep the choice. */
  chosen: boolean;
  /** Finished scans of the site the user may compare with, newest first. */
  candidates: readonly Scan[];
  /** Every change, already sorted; the view pages through it. */
  entries: readonly FindingDiff[];
  /** One change paged through, or all three with their first page. */
  only: FindingChange | null;
  page: number;
}

/** The finding a change is about: what is broken now, or for a fixed URL what was broken. */
export function shownFinding(entry: FindingDiff): Finding | null {
  return entry.current ?? entry.previous;
}

const SEVERITY_RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));

/** Severity first (errors on top), then URL, so groups and pages are stable. */
export function sortChanges(entries: readonly FindingDiff[]): FindingDiff[] {
  const rank = (e: FindingDiff): number => SEVERITY_RANK.get(shownFinding(e)?.severity ?? 'ok') ?? SEVERITIES.length;
  return [...entries].sort((a, b) => rank(a) - rank(b) || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

function scanLabel(scan: Scan): string {
  const at = (scan.startedAt ?? scan.createdAt).slice(0, 16).replace('T', ' ');
  const errors = scan.summary === null ? '' : `, ${scan.summary.bySeverity.error} errors`;
  return `${at} UTC (${scan.status}${errors})`;
}

function diffHref(m: DiffPageModel, params: { change?: FindingChange; page?: number }): string {
  const query = new URLSearchParams();
  if (m.chosen && m.against !== null) query.set('against', m.against.id);
  if (params.change !== undefined) query.set('change', params.change);
  if (params.page !== undefined && params.page > 1) query.set('page', String(params.page));
  const text = query.toString();
  return `/sites/${m.site.id}/scans/${m.scan.id}/diff${text === '' ? '' : `?${text}`}`;
}

function guideLink(finding: Finding): RawHtml {
  const key = finding.error ?? finding.status;
  const entry = key === null ? null : lookupKnowledge(key);
  return entry === null ? raw('') : html` · <a href="${GUIDE_BASE}/${guideSlug(entry)}">Guide: ${entryLabel(entry)}</a>`;
}

function changeItem(entry: FindingDiff): RawHtml {
  const finding = shownFinding(entry);
  if (finding === null) return html`<li>${safeLink(entry.url)}</li>`;
  const was = entry.change === 'still_broken' && entry.previous !== null && findingOutcome(entry.previous) !== findingOutcome(finding) ? html`, was ${findingOutcome(entry.previous)}` : raw('');
  const since = entry.change === 'fixed' ? html`broken from ${when(entry.firstSeenAt)}` : html`broken since ${when(entry.firstSeenAt)}`;
  return html`<li><span class="sev sev-${finding.severity}">${finding.severity}</span> <strong>${findingOutcome(finding)}</strong>${was} ${safeLink(entry.url)}
<div class="meta">${finding.title} · ${finding.internal ? 'internal' : 'external'} ${finding.kind} · ${since}${guideLink(finding)}</div></li>`;
}

/** One page of a change's entries, under a heading per severity. */
function groupedBySeverity(entries: readonly FindingDiff[], change: FindingChange): RawHtml[] {
  const out: RawHtml[] = [];
  for (const severity of SEVERITIES) {
    const group = entries.filter((e) => (shownFinding(e)?.severity ?? 'ok') === severity);
    if (group.length === 0) continue;
    out.push(html`<h3 id="${change}-${severity}">${severity === 'ok' ? 'other' : `${severity}s`} (${group.length})</h3><ul class="changes">${group.map(changeItem)}</ul>`);
  }
  return out;
}

function pager(m: DiffPageModel, change: FindingChange, page: number, total: number): RawHtml {
  if (total <= DIFF_PAGE_SIZE) return raw('');
  const first = (page - 1) * DIFF_PAGE_SIZE + 1;
  const last = Math.min(total, page * DIFF_PAGE_SIZE);
  const lastPage = Math.ceil(total / DIFF_PAGE_SIZE);
  const prev = page > 1 ? html`<a href="${diffHref(m, { change, page: page - 1 })}" rel="prev">Previous ${DIFF_PAGE_SIZE}</a> ` : raw('');
  const next = page < lastPage ? html`<a href="${diffHref(m, { change, page: page + 1 })}" rel="next">Next ${Math.min(DIFF_PAGE_SIZE, total - last)}</a>` : raw('');
  return html`<nav aria-label="${CHANGE_TITLES[change]} pages"><p>Showing ${first}–${last} of ${total}. ${prev}${next}</p></nav>`;
}

function changeSection(m: DiffPageModel, change: FindingChange, page: number): RawHtml {
  const all = m.entries.filter((e) => e.change === change);
  const shown = all.slice((page - 1) * DIFF_PAGE_SIZE, page * DIFF_PAGE_SIZE);
  const body = all.length === 0 ? html`<p>None.</p>` : shown.length === 0 ? html`<p>No entries on this page.</p>` : groupedBySeverity(shown, change);
  return html`<section id="${change}" aria-labelledby="${change}-heading"><h2 id="${change}-heading">${CHANGE_TITLES[change]} (${all.length})</h2>
<p class="meta">${CHANGE_NOTES[change]}</p>${body}${pager(m, change, page, all.length)}</section>`;
}

function compareForm(m: DiffPageModel): RawHtml {
  const options = m.candidates.map((s) => html`<option value="${s.id}"${m.chosen && m.against?.id === s.id ? raw(' selected') : ''}>${scanLabel(s)}</option>`);
  return html`<form method="get" action="/sites/${m.site.id}/scans/${m.scan.id}/diff" class="compare">
<label for="against">Compare with<select id="against" name="against"><option value=""${m.chosen ? '' : raw(' selected')}>the previous completed scan</option>${options}</select></label>
<button>Compare</button></form>`;
}

function counts(m: DiffPageModel): RawHtml {
  const items = CHANGES.map((change) => {
    const n = m.entries.filter((e) => e.change === change).length;
    return html`<li><a href="${m.only === null ? `#${change}` : diffHref(m, { change })}"><strong data-count="${change}">${n}</strong> ${CHANGE_TITLES[change].toLowerCase()}</a></li>`;
  });
  return html`<ul class="counts" aria-label="Changes by kind">${items}</ul>`;
}

/** What broke, what was fixed and what is still broken between two finished scans of one site. */
export function diffView(m: DiffPageModel): RawHtml {
  const header = html`${DIFF_STYLE}<p><a href="/sites/${m.site.id}">${m.site.name}</a> · <a href="/sites/${m.scan.siteId}/scans/${m.scan.id}">results of this scan</a></p>
<p>Scan of ${when(m.scan.startedAt ?? m.scan.createdAt)} compared with ${m.against === null ? html`no earlier scan` : html`the scan of ${when(m.against.startedAt ?? m.against.createdAt)}`}.</p>`;
  if (m.scan.summary === null) return html`${header}<p role="status">This scan has not finished yet; compare it once it has.</p>`;
  if (m.against !== null && m.against.summary === null) return html`${header}${compareForm(m)}<p role="status">The scan chosen to compare with has not finished; choose another.</p>`;
  const none = m.against === null ? html`<p>This site has no earlier finished scan, so every broken link counts as new.</p>` : raw('');
  const sections = m.only === null ? CHANGES.map((change) => changeSection(m, change, 1)) : [changeSection(m, m.only, m.page)];
  const all = m.only === null ? raw('') : html`<p><a href="${diffHref(m, {})}">Show all changes</a></p>`;
  return html`${header}${compareForm(m)}${none}${counts(m)}${all}${sections}`;
}
