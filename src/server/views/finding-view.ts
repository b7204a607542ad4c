import { entryLabel } from '../../classify/knowledge/entry-label.js';
import type { KnowledgeEntry } from '../../classify/knowledge/knowledge-entry.js';
import { lookupKnowledge } from '../../classify/knowledge/knowledge-base.js';
import type { Finding } from '../../core/report-types.js';
import { html, raw, type RawHtml } from '../html.js';
import { safeLink } from './safe-link.js';

export const GUIDE_BASE = '/guides/http-status-codes';

/** The guide's path segment for an entry: `404`, `4xx` for a class, the code for engine outcomes. */
export function guideSlug(entry: KnowledgeEntry): string {
  if (typeof entry.code === 'string') return entry.key;
  const classKey = /^HTTP_(\dxx)$/.exec(entry.key);
  return classKey?.[1] !== undefined && entry.code % 100 === 0 ? classKey[1] : String(entry.code);
}

export function findingOutcome(finding: Finding): string {
  if (finding.error !== null) return finding.status === null ? finding.error : `${finding.error} (${finding.status})`;
  return finding.status === null ? 'no answer' : String(finding.status);
}

function knowledgeOf(finding: Finding): KnowledgeEntry | null {
  const key = finding.error ?? finding.status;
  return key === null ? null : lookupKnowledge(key);
}

/** What the page adds around a finding: a tag beside its outcome, actions at the end of its details. */
export interface FindingExtras {
  tag?: RawHtml;
  actions?: RawHtml;
}

/** One finding, collapsed to its outcome and URL; expanded, everything needed to fix it. */
export function findingView(finding: Finding, extras: FindingExtras = {}): RawHtml {
  const entry = knowledgeOf(finding);
  const more = finding.occurrenceCount - finding.occurrences.length;
  const where = finding.occurrences.map(
    (o) => html`<li>${safeLink(o.page)} — <code>&lt;${o.element} ${o.attribute}&gt;</code>${o.text === '' ? '' : html` “${o.text}”`}, line ${o.line}</li>`,
  );
  const hops = finding.redirects.map((hop) => html`<li>${hop.status} ${safeLink(hop.url)}${hop.location === null ? '' : html` → ${safeLink(hop.location)}`}</li>`);
  return html`<li class="finding"><details>
<summary><span class="sev sev-${finding.severity}">${finding.severity}</span> <strong>${findingOutcome(finding)}</strong>${extras.tag ?? ''} <span class="u">${finding.url}</span></summary>
<div class="body">
<p>${safeLink(finding.url)} · ${finding.title} · ${finding.internal ? 'internal' : 'external'} ${finding.kind}</p>
<p>${finding.reason} ${finding.advice}</p>
${finding.suggestion === null ? raw('') : html`<p>Did you mean ${safeLink(finding.suggestion)}?</p>`}
<h4>Appears on ${finding.occurrenceCount} ${finding.occurrenceCount === 1 ? 'page' : 'pages'}</h4>
<ul>${where}${more > 0 ? html`<li>and ${more} more</li>` : ''}</ul>
${hops.length === 0 ? raw('') : html`<h4>Redirect chain</h4><ol>${hops}<li>${finding.status ?? '—'} ${safeLink(finding.finalUrl)}</li></ol>`}
${
  entry === null
    ? raw('')
    : html`<h4>${entryLabel(entry)}</h4><p>${entry.summary} <a href="${GUIDE_BASE}/${guideSlug(entry)}">Read the guide</a></p>`
}
${extras.actions ?? ''}
</div></details></li>`;
}
