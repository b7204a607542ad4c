import { entryLabel } from '../../classify/knowledge/entry-label.js';
import type { KnowledgeEntry } from '../../classify/knowledge/knowledge-entry.js';
import { lookupKnowledge } from '../../classify/knowledge/knowledge-base.js';
import type { KnowledgeGroup } from '../../classify/knowledge/knowledge-groups.js';
import { html, raw, type RawHtml } from '../html.js';
import { GUIDE_BASE, guideSlug } from './finding-view.js';

function guideLink(entry: KnowledgeEntry): RawHtml {
  return html`<a href="${GUIDE_BASE}/${guideSlug(entry)}">${entryLabel(entry)}</a>`;
}

export function guideIndexView(groups: readonly KnowledgeGroup[]): RawHtml {
  const sections = groups.map(
    (group) => html`<section><h2>${group.title}</h2><ul>${group.entries.map((e) => html`<li>${guideLink(e)} — ${e.summary}</li>`)}</ul></section>`,
  );
  return html`<p>What each outcome dislike404 reports means, how serious it is, and how to fix it.</p>${sections}`;
}

export function guideEntryView(entry: KnowledgeEntry): RawHtml {
  const related = entry.related.map((r) => {
    const other = lookupKnowledge(r.key);
    return html`<li>${other === null ? r.key : guideLink(other)}: ${r.difference}</li>`;
  });
  return html`<p><strong>${entry.summary}</strong></p>
<p>${entry.explanation}</p>
<h2>Common causes</h2><ul>${entry.causes.map((c) => html`<li>${c}</li>`)}</ul>
<h2>How serious it is</h2>
<dl><dt>On a link within your site</dt><dd>${entry.severity.internal}</dd><dt>On a link to another site</dt><dd>${entry.severity.external}</dd></dl>
<p>${entry.severityNote}</p>
<h2>How to fix it</h2><ol>${entry.fix.map((f) => html`<li>${f}</li>`)}</ol>
${entry.externalAdvice === '' ? raw('') : html`<p>When the link points to another site: ${entry.externalAdvice}</p>`}
${related.length === 0 ? raw('') : html`<h2>Related outcomes</h2><ul>${related}</ul>`}
<p><a href="${GUIDE_BASE}">All status codes and outcomes</a></p>`;
}
