import { describeSchedule } from '../../schedule/schedule-spec.js';
import type { SiteSchedule } from '../../schedule/site-schedule.js';
import type { Scan } from '../../store/store.js';
import { csrfField, html, raw, type RawHtml } from '../html.js';
import { finishedOldestFirst, when } from './dashboard-view.js';
import { nextRunText } from './site-settings-view.js';
import { describeValues, lineChart, type ChartSeries } from './trend-chart.js';

export const EXPORT_FORMATS = ['csv', 'json', 'html'] as const;

export const HISTORY_STYLE = raw(`<style>
.table-wrap{overflow-x:auto}
.history{border-collapse:collapse;width:100%;font-size:.9rem}
.history th,.history td{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left;white-space:nowrap}
.history td.n{text-align:right}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none;font-size:.9rem}
</style>`);

/** A site's name is usually its URL, one unbroken word that must still fit a phone. */
export const SITE_PAGE_STYLE = raw('<style>h1{overflow-wrap:anywhere}</style>');

/** A scan a server restart cut short continues from its last checkpoint instead of starting over. */
export function resumeScanForm(siteId: string, scan: Scan, csrf: string): RawHtml {
  const checked = scan.counters.urlsChecked;
  return html`<form method="post" action="/sites/${siteId}/scans/${scan.id}/resume">${csrfField(csrf)}<p role="status">The last scan was interrupted${scan.failure === null ? '' : html` (${scan.failure})`} after checking ${checked} URLs.
<button>Resume it</button> to carry on where it stopped, without fetching those again.</p></form>`;
}

/** Shown only while this process runs the site's scan: aborting it is all the runner can do. */
export function stopScanForm(siteId: string, csrf: string): RawHtml {
  return html`<form method="post" action="/sites/${siteId}/stop">${csrfField(csrf)}<button>Stop the scan</button></form>`;
}

/** Where a site's owner goes next: its settings, what changed in the latest finished scan, its alerts, its blacklist. */
export function siteLinks(siteId: string, latestFinished: Scan | null): RawHtml {
  const diff = latestFinished === null ? raw('') : html`<li><a href="/sites/${siteId}/scans/${latestFinished.id}/diff">Changes in the latest scan</a></li>`;
  return html`<nav aria-label="Site pages"><ul style="display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none"><li><a href="/sites/${siteId}/settings">Settings</a></li>${diff}<li><a href="/sites/${siteId}/alerts">Alerts</a></li><li><a href="/sites/${siteId}/blacklist">Blacklist</a></li></ul></nav>`;
}

/** The stored schedule and its next run, in UTC and on the schedule's own clock. */
export function scheduleLine(siteId: string, stored: SiteSchedule | null, nextRun: Date | null): RawHtml {
  if (stored === null || stored.schedule.kind === 'off') {
    return html`<p id="schedule">Scheduled scans: off. <a href="/sites/${siteId}/settings#f-scheduleKind">Set a schedule</a></p>`;
  }
  return html`<p id="schedule">Scheduled scans: ${describeSchedule(stored.schedule)}. Next run: ${nextRunText(nextRun, stored.schedule.timezone)}.</p>`;
}

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Only a finished scan has findings to compare. */
function changes(siteId: string, scan: Scan): RawHtml {
  if (scan.summary === null) return raw('');
  return html` <a href="/sites/${siteId}/scans/${scan.id}/diff" aria-label="Changes in the scan of ${scan.createdAt}">Changes</a>`;
}

function historyRow(siteId: string, scan: Scan): RawHtml {
  const s = scan.summary;
  // Only a scan with a stored report can be exported; a running one would answer 409.
  const exports = s === null ? [] : EXPORT_FORMATS.map((f) => html` <a href="/api/v2/scans/${scan.id}/export.${f}" aria-label="Export scan of ${scan.createdAt} as ${f.toUpperCase()}">${f.toUpperCase()}</a>`);
  return html`<tr><td>${when(scan.startedAt ?? scan.createdAt)}</td><td>${scan.status}${scan.failure === null ? '' : html`<br><small>${scan.failure}</small>`}</td><td class="n">${duration(scan.durationMs ?? s?.durationMs ?? null)}</td>
<td class="n">${s?.pagesCrawled ?? scan.counters.pagesCrawled}</td><td class="n">${s?.urlsChecked ?? scan.counters.urlsChecked}</td><td class="n">${s === null ? '—' : s.bySeverity.error}</td>
<td><a href="/sites/${siteId}/scans/${scan.id}">Results</a>${changes(siteId, scan)}${exports}</td></tr>`;
}

const SERIES: readonly { key: 'error' | 'warning' | 'notice'; colour: string }[] = [
  { key: 'error', colour: '#a00' },
  { key: 'warning', colour: '#8a5300' },
  { key: 'notice', colour: '#0645ad' },
];

function findingsChart(scans: readonly Scan[]): RawHtml {
  const finished = finishedOldestFirst(scans);
  if (finished.length === 0) return raw('');
  const series: ChartSeries[] = SERIES.map(({ key, colour }) => ({ name: `${key}s`, colour, values: finished.map((s) => s.summary?.bySeverity[key] ?? 0) }));
  const description = series.map((s) => describeValues(s.name, s.values)).join('; ');
  // The legend is text, not colour alone, so it also reads in high-contrast modes.
  const legend = series.map((s) => html`<li><span style="color:${s.colour}" aria-hidden="true">━</span> ${s.name}</li>`);
  return html`<figure style="margin:0">${lineChart(series, description, { height: 100 })}<figcaption><ul class="legend">${legend}</ul></figcaption></figure>`;
}

/** The site's scans, newest first, with a chart of findings by severity over time. */
export function scanHistoryView(siteId: string, scans: readonly Scan[]): RawHtml {
  if (scans.length === 0) return html`<section aria-labelledby="history-heading"><h2 id="history-heading">Scan history</h2><p>No scans yet.</p></section>`;
  return html`<section aria-labelledby="history-heading"><h2 id="history-heading">Scan history</h2>${HISTORY_STYLE}
${findingsChart(scans)}
<div class="table-wrap" tabindex="0" role="region" aria-label="Scan history table"><table class="history">
<thead><tr><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Duration</th><th scope="col">Pages</th><th scope="col">URLs</th><th scope="col">Errors</th><th scope="col">Results, changes and exports</th></tr></thead>
<tbody>${scans.map((s) => historyRow(siteId, s))}</tbody></table></div></section>`;
}
