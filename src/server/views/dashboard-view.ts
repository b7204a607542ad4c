import type { Scan, Site } from '../../store/store.js';
import { html, raw, type RawHtml } from '../html.js';
import type { SiteStatus } from '../site-service.js';
import { safeLink } from './safe-link.js';
import { describeValues, lineChart } from './trend-chart.js';

/** What the dashboard shows for one site, gathered by the route. */
export interface SiteCard {
  site: Site;
  status: SiteStatus;
  /** Newest first, as the store lists them. */
  recentScans: readonly Scan[];
  nextRun: Date | null;
}

export const DASHBOARD_STYLE = raw(`<style>
.cards{list-style:none;padding:0;display:grid;gap:1rem}
.card{border:1px solid #ccc;border-radius:4px;padding:.5rem 1rem}
.card h2{margin:.25rem 0;font-size:1.1rem;overflow-wrap:anywhere}
.url{overflow-wrap:anywhere;word-break:break-word}
.counts{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none}
.sev-error{color:#a00}.sev-warning{color:#8a5300}
</style>`);

/** Finished scans only (they have a summary), oldest first, so a chart reads left to right. */
export function finishedOldestFirst(scans: readonly Scan[]): Scan[] {
  return scans.filter((s) => s.summary !== null).reverse();
}

/**
 * `2026-11-27 07:03 UTC`: unambiguous whatever the reader's locale (the server does not know their
 * zone). Any stored spelling (an offset, no milliseconds) is converted to UTC first.
 */
export function when(iso: string | null): RawHtml {
  if (iso === null) return html`—`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  const utc = date.toISOString();
  return html`<time datetime="${utc}">${utc.slice(0, 16).replace('T', ' ')} UTC</time>`;
}

function lastScanLine(card: SiteCard): RawHtml {
  const scan = card.status.scan;
  if (scan === null) return html`<p>Not scanned yet.</p>`;
  // "interrupted" (the process running it stopped) says more here than the plugin's "aborted".
  const state = scan.status === 'interrupted' ? 'interrupted' : card.status.state.replace('_', ' ');
  return html`<p>Last scan: <strong>${state}</strong>, ${when(scan.finishedAt ?? scan.startedAt ?? scan.createdAt)}
<a href="/sites/${card.site.id}/scans/${scan.id}">results</a></p>${scan.failure === null ? raw('') : html`<p class="failure">${scan.failure}</p>`}`;
}

function counts(scan: Scan | null): RawHtml {
  const bySeverity = scan?.summary?.bySeverity;
  if (bySeverity === undefined) return raw('');
  return html`<ul class="counts" aria-label="Findings by severity in the last finished scan">
<li class="sev-error">${plural(bySeverity.error, 'error')}</li><li class="sev-warning">${plural(bySeverity.warning, 'warning')}</li><li>${plural(bySeverity.notice, 'notice')}</li></ul>`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function siteCard(card: SiteCard): RawHtml {
  const finished = finishedOldestFirst(card.recentScans);
  const errors = finished.map((s) => s.summary?.bySeverity.error ?? 0);
  const lastFinished = finished[finished.length - 1] ?? null;
  return html`<li class="card"><h2><a href="/sites/${card.site.id}">${card.site.name}</a></h2>
<p>${safeLink(card.site.url)}</p>
${lastScanLine(card)}
${counts(lastFinished)}
${errors.length === 0 ? raw('') : lineChart([{ name: 'errors', colour: '#a00', values: errors }], describeValues('Errors', errors), { width: 200, height: 40 })}
<p>Next scheduled scan: ${card.nextRun === null ? 'none' : when(card.nextRun.toISOString())}</p></li>`;
}

export function dashboardView(cards: readonly SiteCard[], addSiteForm: RawHtml): RawHtml {
  const list = cards.length === 0 ? html`<p>No sites yet: add one below to scan it.</p>` : html`<ul class="cards">${cards.map(siteCard)}</ul>`;
  return html`${DASHBOARD_STYLE}${list}
${addSiteForm}`;
}
