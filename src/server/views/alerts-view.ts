import { describeTarget, type AlertChannel } from '../../notify/alert-channel.js';
import type { DeliveryRecord } from '../../notify/deliver.js';
import { describeSchedule, type Schedule } from '../../schedule/schedule-spec.js';
import type { Site } from '../../store/store.js';
import { csrfField, html, raw, type RawHtml } from '../html.js';
import { when } from './dashboard-view.js';

/** The add-channel form's fields as the user typed them (never the secret: it is not echoed back). */
export interface ChannelForm {
  kind: string;
  target: string;
  minSeverity: string;
  includeFixed: boolean;
  everyScan: boolean;
}

export type ChannelFormField = 'kind' | 'target' | 'secret' | 'minSeverity';
export type ChannelFormErrors = Partial<Record<ChannelFormField, string>>;

export interface AlertsPageModel {
  site: Site;
  csrf: string;
  schedule: Schedule | null;
  nextRun: Date | null;
  channels: AlertChannel[];
  /** Newest first. */
  history: DeliveryRecord[];
  form: ChannelForm;
  errors: ChannelFormErrors;
  /** The outcome of a "Send test alert" just made. */
  tested: { channel: AlertChannel; record: DeliveryRecord } | null;
}

export const EMPTY_FORM: ChannelForm = { kind: 'email', target: '', minSeverity: 'error', includeFixed: false, everyScan: false };

const STYLE = raw(`<style>
.table-wrap{overflow-x:auto}
.alerts{border-collapse:collapse;width:100%;font-size:.9rem}
.alerts th,.alerts td{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
.field{margin:.5rem 0}
.field label{display:block;font-weight:600}
.error{color:#a00;margin:.25rem 0}
.failed{color:#a00}
</style>`);

const KIND_LABEL: Record<AlertChannel['kind'], string> = { email: 'Email', webhook: 'Webhook', slack: 'Slack' };

export function alertsView(m: AlertsPageModel): RawHtml {
  return html`${STYLE}<p><a href="/sites/${m.site.id}">${m.site.url}</a></p>
${testedNote(m)}
${scheduleSection(m)}
${channelsSection(m)}
${addForm(m)}
${historySection(m)}`;
}

function scheduleSection(m: AlertsPageModel): RawHtml {
  const text =
    m.schedule === null || m.schedule.kind === 'off'
      ? html`No scheduled scans: alerts are sent after scans you start.`
      : html`Scheduled ${describeSchedule(m.schedule)}; next run ${m.nextRun === null ? html`not planned` : when(m.nextRun.toISOString())}.`;
  return html`<section><h2>Schedule</h2><p id="schedule">${text} <a href="/sites/${m.site.id}/settings">Change the schedule</a></p></section>`;
}

function channelsSection(m: AlertsPageModel): RawHtml {
  if (m.channels.length === 0) return html`<section><h2>Channels</h2><p>No alert channels yet: add one below.</p></section>`;
  const rows = m.channels.map(
    (c) => html`<tr id="channel-${c.id}"><td>${KIND_LABEL[c.kind]}</td><td>${describeTarget(c)}</td><td>${c.minSeverity} and above</td>
<td>${c.includeFixed ? 'yes' : 'no'}</td><td>${c.everyScan ? 'yes' : 'no'}</td>
<td><form method="post" action="/sites/${m.site.id}/alerts/${c.id}/test" style="display:inline">${csrfField(m.csrf)}<button>Send test alert</button></form>
<form method="post" action="/sites/${m.site.id}/alerts/${c.id}/remove" style="display:inline">${csrfField(m.csrf)}<button>Remove</button></form></td></tr>`,
  );
  return html`<section><h2>Channels</h2><div class="table-wrap"><table class="alerts"><thead><tr><th>Kind</th><th>Target</th><th>Alerts on</th><th>Fixed news</th><th>Every scan</th><th></th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}

function fieldError(errors: ChannelFormErrors, field: ChannelFormField): RawHtml {
  const message = errors[field];
  return message === undefined ? raw('') : html`<p class="error" id="error-${field}" role="alert">${message}</p>`;
}

function invalid(errors: ChannelFormErrors, field: ChannelFormField): RawHtml {
  return errors[field] === undefined ? raw('') : html` aria-invalid="true" aria-describedby="error-${field}"`;
}

function option(value: string, label: string, chosen: string): RawHtml {
  return html`<option value="${value}"${value === chosen ? raw(' selected') : raw('')}>${label}</option>`;
}

function addForm(m: AlertsPageModel): RawHtml {
  const f = m.form;
  const checked = (on: boolean): RawHtml => raw(on ? ' checked' : '');
  return html`<section><h2>Add a channel</h2>
<form method="post" action="/sites/${m.site.id}/alerts" novalidate>${csrfField(m.csrf)}
<div class="field"><label for="kind">Kind</label><select id="kind" name="kind"${invalid(m.errors, 'kind')}>${option('email', 'Email', f.kind)}${option('webhook', 'Webhook (signed JSON POST)', f.kind)}${option('slack', 'Slack incoming webhook', f.kind)}</select>${fieldError(m.errors, 'kind')}</div>
<div class="field"><label for="target">Email addresses (comma-separated) or webhook URL</label><input id="target" name="target" value="${f.target}" maxlength="2000" size="50"${invalid(m.errors, 'target')}>${fieldError(m.errors, 'target')}</div>
<div class="field"><label for="secret">Signing secret (webhooks only, at least 16 characters; never shown again)</label><input id="secret" name="secret" type="password" autocomplete="off" maxlength="256"${invalid(m.errors, 'secret')}>${fieldError(m.errors, 'secret')}</div>
<div class="field"><label for="minSeverity">Alert on new problems at or above</label><select id="minSeverity" name="minSeverity"${invalid(m.errors, 'minSeverity')}>${option('error', 'Errors', f.minSeverity)}${option('warning', 'Warnings', f.minSeverity)}${option('notice', 'Notices', f.minSeverity)}</select>${fieldError(m.errors, 'minSeverity')}</div>
<div class="field"><label><input type="checkbox" name="includeFixed" value="on"${checked(f.includeFixed)}> Also tell me when problems are fixed</label></div>
<div class="field"><label><input type="checkbox" name="everyScan" value="on"${checked(f.everyScan)}> Send a summary after every scan, even with nothing new</label></div>
<button>Add channel</button></form></section>`;
}

function testedNote(m: AlertsPageModel): RawHtml {
  if (m.tested === null) return raw('');
  const { channel, record } = m.tested;
  if (record.outcome === 'delivered') return html`<p role="status" id="test-outcome">Test alert delivered to ${describeTarget(channel)}.</p>`;
  return html`<p role="alert" id="test-outcome" class="failed">Test alert to ${describeTarget(channel)} failed after ${record.attempts} attempt${record.attempts === 1 ? '' : 's'}: ${record.errorCode ?? 'error'}${record.detail === null ? '' : ` (${record.detail})`}.</p>`;
}

function historySection(m: AlertsPageModel): RawHtml {
  if (m.history.length === 0) return html`<section><h2>Delivery history</h2><p>No alerts sent yet.</p></section>`;
  const byId = new Map(m.channels.map((c) => [c.id, c]));
  const rows = m.history.map((d) => {
    const channel = byId.get(d.channelId);
    const target = channel === undefined ? `${d.kind} (removed)` : `${KIND_LABEL[channel.kind]}: ${describeTarget(channel)}`;
    return html`<tr><td>${when(d.at)}</td><td>${target}</td><td>${d.alertType}</td><td class="${d.outcome === 'failed' ? 'failed' : ''}">${d.outcome}</td><td>${d.attempts}</td><td>${d.errorCode ?? ''}${d.detail === null ? '' : ` ${d.detail}`}</td></tr>`;
  });
  return html`<section><h2>Delivery history</h2><div class="table-wrap"><table class="alerts" id="deliveries"><thead><tr><th>When</th><th>Channel</th><th>Alert</th><th>Outcome</th><th>Attempts</th><th>Error</th></tr></thead>
<tbody>${rows}</tbody></table></div></section>`;
}
