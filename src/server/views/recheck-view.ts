import type { Finding } from '../../core/report-types.js';
import { html, raw, type RawHtml } from '../html.js';
import { findingOutcome } from './finding-view.js';
import { safeLink } from './safe-link.js';

function verdict(stored: Finding, fresh: Finding): string {
  if (fresh.category === 'ok') return 'It works now.';
  if (findingOutcome(fresh) === findingOutcome(stored)) return 'Still the same outcome as in the scan.';
  return 'The outcome changed since the scan.';
}

/** A finding's fresh outcome beside the stored one: status or code, severity, reason, advice and redirects. */
export function recheckView(stored: Finding, fresh: Finding, checkedAt: Date): RawHtml {
  const hops = fresh.redirects.map((hop) => html`<li>${hop.status} ${safeLink(hop.url)}${hop.location === null ? '' : html` → ${safeLink(hop.location)}`}</li>`);
  return html`<section id="recheck" aria-live="polite">
<p>${safeLink(fresh.url)}</p>
<p><strong id="recheck-verdict">${verdict(stored, fresh)}</strong></p>
<dl>
<dt>Now (${checkedAt.toISOString()})</dt>
<dd><span class="sev sev-${fresh.severity}" id="recheck-severity">${fresh.severity}</span> <strong id="recheck-outcome">${findingOutcome(fresh)}</strong> · ${fresh.title}${fresh.durationMs > 0 ? html` · ${fresh.durationMs} ms` : ''}</dd>
<dt>In the scan</dt>
<dd><span class="sev sev-${stored.severity}">${stored.severity}</span> <strong>${findingOutcome(stored)}</strong> · ${stored.title}</dd>
</dl>
<p id="recheck-reason">${fresh.reason} ${fresh.advice}</p>
${fresh.errorDetail === null ? raw('') : html`<p>Detail: <code>${fresh.errorDetail}</code></p>`}
${fresh.suggestion === null ? raw('') : html`<p>Did you mean ${safeLink(fresh.suggestion)}?</p>`}
${hops.length === 0 ? raw('') : html`<h2>Redirect chain</h2><ol>${hops}<li>${fresh.status ?? '—'} ${safeLink(fresh.finalUrl)}</li></ol>`}
<p>The stored results do not change: the next scan records the new outcome.</p>
</section>`;
}
