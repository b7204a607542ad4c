import { html, type RawHtml } from '../html.js';

/** Served by `registerLiveRoutes`; external because the CSP allows no inline script. */
export const LIVE_SCRIPT_PATH = '/assets/live.js';

/**
 * The server's policy plus what the live panel needs: our own script file and our own event
 * stream. Only pages that show the panel send it.
 */
export function livePageCsp(base: string): string {
  return `${base}; script-src 'self'; connect-src 'self'`;
}

export interface LiveNumbers {
  pagesCrawled: number;
  urlsChecked: number;
  errors: number;
  ratePerSecond: number;
}

/**
 * Counters that the script keeps current from the scan's event stream. Without JavaScript they
 * show the numbers as of page load, and reloading the page updates them.
 */
export function liveProgressPanel(siteId: string, scanId: string, now: LiveNumbers, options: { resultsHref?: string } = {}): RawHtml {
  const events = `/sites/${siteId}/scans/${scanId}/events`;
  // Where "Show the results" leads once the scan ends; the results page itself reloads in place.
  const results = options.resultsHref === undefined ? '' : html` data-results="${options.resultsHref}"`;
  return html`<section id="live-progress" data-events="${events}"${results} aria-labelledby="live-heading">
<h2 id="live-heading">Live progress</h2>
<p id="live-state" role="status" aria-live="polite">Scan running…</p>
<dl style="display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem">
<dt>Pages crawled</dt><dd data-field="pagesCrawled">${now.pagesCrawled}</dd>
<dt>URLs checked</dt><dd data-field="urlsChecked">${now.urlsChecked}</dd>
<dt>Errors found</dt><dd data-field="errors">${now.errors}</dd>
<dt>Current rate</dt><dd><span data-field="ratePerSecond">${now.ratePerSecond.toFixed(1)}</span> URLs/s</dd>
</dl>
<p id="live-done" hidden><a href="">Show the results</a></p>
</section>
<script src="${LIVE_SCRIPT_PATH}" defer></script>`;
}

/**
 * The browser side, plain ES2017 so it needs no build. It writes with textContent only, never
 * markup, and closes the stream on `done` so EventSource does not reconnect to a finished scan.
 */
export const LIVE_SCRIPT = `'use strict';
(function () {
  var panel = document.getElementById('live-progress');
  if (!panel || typeof EventSource !== 'function') return;
  var source = new EventSource(panel.getAttribute('data-events'));
  function show(data) {
    ['pagesCrawled', 'urlsChecked', 'errors', 'ratePerSecond'].forEach(function (name) {
      var el = panel.querySelector('[data-field="' + name + '"]');
      if (el && typeof data[name] === 'number') el.textContent = name === 'ratePerSecond' ? data[name].toFixed(1) : String(data[name]);
    });
  }
  source.addEventListener('progress', function (event) { show(JSON.parse(event.data)); });
  source.addEventListener('done', function (event) {
    var data = JSON.parse(event.data);
    source.close();
    show(data);
    document.getElementById('live-state').textContent = 'Scan ' + String(data.status) + '.';
    var done = document.getElementById('live-done');
    done.hidden = false;
    done.querySelector('a').setAttribute('href', panel.getAttribute('data-results') || location.pathname);
  });
})();
`;
