import { ROBOTS_TOKEN } from '../../crawl/scan-options.js';
import { SCHEDULE_KINDS, WEEKDAYS } from '../../schedule/schedule-spec.js';
import type { Site } from '../../store/store.js';
import { csrfField, html, raw, type RawHtml } from '../html.js';
import { when } from './dashboard-view.js';

/** What the form shows and posts back: text exactly as entered, so a refused form keeps it. */
export interface SettingsFormValues {
  includeSubdomains: boolean;
  maxPages: string;
  maxDepth: string;
  include: string;
  exclude: string;
  checkExternal: boolean;
  checkFragments: boolean;
  protectedPaths: string;
  scheduleKind: string;
  scheduleAt: string;
  scheduleWeekday: string;
  scheduleMonthDay: string;
  scheduleTimezone: string;
  scheduleCron: string;
}

export type SettingsField = keyof SettingsFormValues;
export type SettingsErrors = Partial<Record<SettingsField, string>>;

export interface SettingsPageModel {
  site: Site;
  values: SettingsFormValues;
  errors: SettingsErrors;
  csrf: string;
  /** The page limit of the site's quota tier, and whether verifying would raise it. */
  maxPagesLimit: number;
  verified: boolean;
  /** The stored schedule's description and next run, or null when none is set. */
  schedule: { description: string; nextRun: Date | null; timezone: string } | null;
  saved: boolean;
}

const STYLE = raw(`<style>
h1{overflow-wrap:anywhere}
.settings fieldset{border:1px solid #ccc;border-radius:4px;margin:0 0 1rem;padding:.5rem .75rem;min-width:0}
.settings legend{font-weight:600;padding:0 .25rem}
.settings .field{margin:.75rem 0}
.settings .field>label{display:block;font-weight:600;margin-bottom:.25rem}
.settings input:not([type=checkbox]),.settings select,.settings textarea{box-sizing:border-box;width:100%;max-width:100%;font:inherit;padding:.25rem}
.settings input[type=number],.settings input[type=time],.settings select{max-width:16rem}
.settings textarea{min-height:5rem}
.settings .check{display:flex;gap:.5rem;align-items:baseline;margin:.5rem 0}
.settings [aria-invalid=true]{border:2px solid #a00}
.settings :focus-visible{outline:2px solid #0645ad;outline-offset:1px}
.hint{color:#555;font-size:.9rem;margin:.25rem 0}
.error{color:#a00;font-weight:600;margin:.25rem 0}
.errors{border:2px solid #a00;border-radius:4px;padding:.5rem .75rem}
code{overflow-wrap:anywhere}
</style>`);

const LABELS: Record<SettingsField, string> = {
  includeSubdomains: 'Include subdomains',
  maxPages: 'Maximum pages',
  maxDepth: 'Maximum depth',
  include: 'Include patterns',
  exclude: 'Exclude patterns',
  checkExternal: 'Check external links',
  checkFragments: 'Check #fragments',
  protectedPaths: 'Protected paths',
  scheduleKind: 'Repeat',
  scheduleAt: 'Time of day',
  scheduleWeekday: 'Weekday',
  scheduleMonthDay: 'Day of the month',
  scheduleTimezone: 'Time zone',
  scheduleCron: 'Cron expression',
};

const WEEKDAY_NAMES: Record<string, string> = { sun: 'Sunday', mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday' };

const id = (field: SettingsField): string => `f-${field}`;

/** The ids a control's aria-describedby names: its hint and, when refused, its error. */
function describedBy(field: SettingsField, hint: boolean, errors: SettingsErrors): RawHtml {
  const ids = [hint ? `${id(field)}-hint` : '', errors[field] === undefined ? '' : `${id(field)}-error`].filter((s) => s !== '');
  return ids.length === 0 ? raw('') : html` aria-describedby="${ids.join(' ')}"`;
}

function invalid(field: SettingsField, errors: SettingsErrors): RawHtml {
  return errors[field] === undefined ? raw('') : raw(' aria-invalid="true"');
}

function fieldError(field: SettingsField, errors: SettingsErrors): RawHtml {
  const message = errors[field];
  return message === undefined ? raw('') : html`<p id="${id(field)}-error" class="error" role="alert">${message}</p>`;
}

function hintOf(field: SettingsField, hint: RawHtml | string | undefined): RawHtml {
  return hint === undefined ? raw('') : html`<p id="${id(field)}-hint" class="hint">${hint}</p>`;
}

/** A labelled control with its hint above and its error below; `control` gets the shared attributes. */
function field(field: SettingsField, m: SettingsPageModel, control: (attrs: RawHtml) => RawHtml, hint?: RawHtml | string): RawHtml {
  const attrs = html`id="${id(field)}" name="${field}"${describedBy(field, hint !== undefined, m.errors)}${invalid(field, m.errors)}`;
  return html`<div class="field"><label for="${id(field)}">${LABELS[field]}</label>${hintOf(field, hint)}${control(attrs)}${fieldError(field, m.errors)}</div>`;
}

function textInput(name: SettingsField, m: SettingsPageModel, type: string, extra: string, hint?: RawHtml | string): RawHtml {
  return field(name, m, (attrs) => html`<input type="${type}" ${attrs} value="${String(m.values[name])}"${raw(extra)}>`, hint);
}

function textarea(name: SettingsField, m: SettingsPageModel, hint: RawHtml | string): RawHtml {
  return field(name, m, (attrs) => html`<textarea ${attrs} rows="4" spellcheck="false" autocapitalize="off">${String(m.values[name])}</textarea>`, hint);
}

function checkbox(name: SettingsField, m: SettingsPageModel, hint: string): RawHtml {
  const checked = m.values[name] === true ? raw(' checked') : raw('');
  return html`<div class="check"><input type="checkbox" ${html`id="${id(name)}" name="${name}" value="on"`}${checked}${describedBy(name, true, m.errors)}${invalid(name, m.errors)}>
<div><label for="${id(name)}">${LABELS[name]}</label>${hintOf(name, hint)}${fieldError(name, m.errors)}</div></div>`;
}

function select(name: SettingsField, m: SettingsPageModel, options: readonly { value: string; label: string }[], hint?: string): RawHtml {
  const current = String(m.values[name]);
  const items = options.map((o) => html`<option value="${o.value}"${o.value === current ? raw(' selected') : ''}>${o.label}</option>`);
  return field(name, m, (attrs) => html`<select ${attrs}>${items}</select>`, hint);
}

/** "2024-01-03 06:30" as a wall clock in `timeZone`. */
export function wallClock(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** The next run in UTC and, when the schedule names another zone, on the owner's clock too. */
export function nextRunText(nextRun: Date | null, timezone: string): RawHtml {
  if (nextRun === null) return html`none`;
  const local = timezone === 'UTC' ? raw('') : html` (${wallClock(nextRun, timezone)} ${timezone})`;
  return html`${when(nextRun.toISOString())}${local}`;
}

function scheduleFieldset(m: SettingsPageModel): RawHtml {
  const current = m.schedule === null ? html`<p>No scheduled scans yet.</p>` : html`<p>Now: ${m.schedule.description}. Next run: <strong id="next-run">${nextRunText(m.schedule.nextRun, m.schedule.timezone)}</strong>.</p>`;
  const zones = Intl.supportedValuesOf('timeZone').map((zone) => html`<option value="${zone}"></option>`);
  return html`<fieldset><legend>Schedule</legend>${current}
${select('scheduleKind', m, SCHEDULE_KINDS.map((kind) => ({ value: kind, label: kind === 'cron' ? 'custom (cron)' : kind })), 'Off runs no scheduled scans; on-demand scans still work.')}
${textInput('scheduleAt', m, 'time', '', 'For daily, weekly and monthly scans, on the clock of the time zone below.')}
${select('scheduleWeekday', m, WEEKDAYS.map((day) => ({ value: day, label: WEEKDAY_NAMES[day] ?? day })), 'For weekly scans.')}
${textInput('scheduleMonthDay', m, 'number', ' min="1" max="28" inputmode="numeric"', '1 to 28 for monthly scans, so short months are never skipped.')}
${textInput('scheduleTimezone', m, 'text', ' list="time-zones" autocomplete="off" spellcheck="false" maxlength="100"', html`An IANA name such as <code>Europe/Berlin</code> or <code>America/New_York</code>; daylight saving is followed.`)}
<datalist id="time-zones">${zones}</datalist>
${textInput('scheduleCron', m, 'text', ' autocomplete="off" spellcheck="false" maxlength="200"', html`For custom schedules: five fields, minute hour day month weekday, e.g. <code>0 */6 * * *</code>.`)}
</fieldset>`;
}

function errorSummary(errors: SettingsErrors): RawHtml {
  const fields = Object.keys(errors) as SettingsField[];
  if (fields.length === 0) return raw('');
  const items = fields.map((f) => html`<li><a href="#${id(f)}">${LABELS[f]}</a>: ${errors[f] ?? ''}</li>`);
  return html`<div class="errors" aria-labelledby="errors-heading"><h2 id="errors-heading">The settings were not saved</h2><ul>${items}</ul></div>`;
}

/** The site's scan settings and schedule as one form; a refused form comes back with its values and errors. */
export function siteSettingsView(m: SettingsPageModel): RawHtml {
  const limit = m.verified ? `up to ${m.maxPagesLimit}` : `up to ${m.maxPagesLimit} until the site is verified`;
  return html`${STYLE}<p><a href="/sites/${m.site.id}">Back to ${m.site.name}</a></p>
${m.saved ? html`<p role="status">Settings saved.</p>` : raw('')}
${errorSummary(m.errors)}
<form method="post" action="/sites/${m.site.id}/settings" class="settings" novalidate>${csrfField(m.csrf)}
<fieldset><legend>What to scan</legend>
${checkbox('includeSubdomains', m, 'Treat pages on subdomains (blog.example.com) as part of the site and crawl them too.')}
${textInput('maxPages', m, 'number', ` min="1" max="${m.maxPagesLimit}" inputmode="numeric"`, `Stop after this many pages: ${limit}. Leave empty for the most allowed.`)}
${textInput('maxDepth', m, 'number', ' min="0" inputmode="numeric"', 'Clicks from the start page; 0 checks the start page only. Leave empty for no limit.')}
${textarea('include', m, html`One pattern per line; when any are given, only matching URLs are crawled. A glob such as <code>/blog/**</code> matches the path, <code>https://example.com/**</code> the whole URL, <code>/regex/i</code> is a regular expression.`)}
${textarea('exclude', m, html`One pattern per line, same forms as above; matching URLs are neither crawled nor checked, e.g. <code>/private/**</code>.`)}
</fieldset>
<fieldset><legend>What to check</legend>
${checkbox('checkExternal', m, 'Also check links that leave the site (their pages are not crawled).')}
${checkbox('checkFragments', m, 'Report links to #anchors that do not exist on the target page.')}
${textarea('protectedPaths', m, html`One pattern per line, e.g. <code>/account/**</code>: a login wall (401, 403) there is a notice, not an error.`)}
</fieldset>
${scheduleFieldset(m)}
<section aria-labelledby="ua-heading"><h2 id="ua-heading">User agent</h2>
<p>Our crawler identifies itself as <code>${ROBOTS_TOKEN}</code> in its User-Agent header and obeys your robots.txt rules for that name (or for <code>*</code>), including Crawl-delay. To let it through a firewall or bot protection, allow that user agent; to keep it out of an area, disallow it in robots.txt.</p></section>
<p><button>Save settings</button> <a href="/sites/${m.site.id}">Cancel</a></p>
</form>
<p><a href="/sites/${m.site.id}/delete">Delete this site…</a></p>`;
}
