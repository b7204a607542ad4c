import type { Site } from '../../store/store.js';
import { csrfField, html, type RawHtml } from '../html.js';

/** What deleting the site would take with it, counted for the confirmation page. */
export interface DeleteSitePageModel {
  site: Site;
  csrf: string;
  /** Scans counted up to a cap; `moreScans` says there were more. */
  scans: number;
  moreScans: boolean;
  rules: number;
  channels: number;
  /** A scan of the site is running: deleting is refused until it stops. */
  running: boolean;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The confirmation page: everything that goes, and one button (none while a scan runs). */
export function deleteSiteView(m: DeleteSitePageModel): RawHtml {
  const scans = m.moreScans ? `more than ${m.scans} scans` : plural(m.scans, 'scan');
  return html`<p><a href="/sites/${m.site.id}">Back to ${m.site.name}</a></p>
<p>Deleting <strong>${m.site.url}</strong> removes it for good, with:</p>
<ul id="deleted-things">
<li>${scans}, with every result and report</li>
<li>${plural(m.rules, 'blacklist rule')}</li>
<li>${plural(m.channels, 'alert channel')} and the delivery history, and its schedule and settings</li>
</ul>
<p>This cannot be undone. Exports you downloaded are not affected.</p>
${m.running ? runningNote(m.site) : confirmForm(m)}`;
}

function confirmForm(m: DeleteSitePageModel): RawHtml {
  return html`<form method="post" action="/sites/${m.site.id}/delete">${csrfField(m.csrf)}
<p><button>Delete this site</button> <a href="/sites/${m.site.id}/settings">Cancel</a></p></form>`;
}

/** Shown instead of the button, and as the 409 page when a delete is posted under a running scan. */
export function runningNote(site: Site): RawHtml {
  return html`<p role="alert" id="scan-running">A scan of this site is running, so it cannot be deleted now. <a href="/sites/${site.id}">Stop the scan</a> on the site page or wait for it to finish, then try again.</p>`;
}

/** The 409 page body. */
export function deleteRefusedView(site: Site): RawHtml {
  return html`${runningNote(site)}<p><a href="/sites/${site.id}/delete">Back to the confirmation</a></p>`;
}
