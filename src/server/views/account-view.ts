import type { ApiToken } from '../../store/accounts-store.js';
import type { Site } from '../../store/store.js';
import { csrfField, html, raw, type RawHtml } from '../html.js';
import { MIN_PASSWORD_LENGTH } from '../passwords.js';

/** Labels above full-width fields: the forms read top to bottom and fit a 375 px screen. */
const ACCOUNT_STYLE = raw(`<style>
.account-form label{display:block;margin-top:.75rem;font-weight:bold}
.account-form input[type=password]{display:block;width:100%;max-width:24rem;padding:.4rem}
.account-form .hint,.account-form .field-error{margin:.25rem 0}
.field-error{color:#a00}
.account-form button{margin-top:.75rem;padding:.4rem .8rem}
.tokens li{margin:.25rem 0}
</style>`);

/** What the account page just did, shown once at the top. */
export type AccountNotice = 'password-changed' | 'signed-out-elsewhere';

export interface PasswordFormErrors {
  current?: string;
  next?: string;
}

export interface AccountPageModel {
  csrf: string;
  tokens: readonly ApiToken[];
  notice: AccountNotice | null;
  passwordErrors: PasswordFormErrors;
}

const NOTICES: Record<AccountNotice, string> = {
  'password-changed': 'Your password was changed. Every other browser and device signed in to your account was signed out; this one stays signed in.',
  'signed-out-elsewhere': 'Every other browser and device signed in to your account was signed out; this one stays signed in.',
};

/** Password, sessions, API tokens and deleting the account: each form labelled and usable by keyboard alone. */
export function accountView(m: AccountPageModel): RawHtml {
  return html`${ACCOUNT_STYLE}${m.notice === null ? '' : html`<p role="status" id="account-notice">${NOTICES[m.notice]}</p>`}
${passwordSection(m.csrf, m.passwordErrors)}
<section aria-labelledby="sessions-heading"><h2 id="sessions-heading">Sessions</h2>
<p>Signed in on a shared computer, or on a device you no longer have? End every session but this one.</p>
<form method="post" action="/account/sessions/end-others" class="account-form">${csrfField(m.csrf)}<button>Sign out everywhere else</button></form>
</section>
${tokensSection(m.csrf, m.tokens)}
<section aria-labelledby="delete-heading"><h2 id="delete-heading">Delete account</h2>
<p>Deletes your account with your sites, their scans and results, and your API tokens. You will be asked for your password first.</p>
<p><a href="/account/delete">Delete my account…</a></p>
</section>`;
}

function fieldError(id: string, message: string | undefined): RawHtml {
  return message === undefined ? raw('') : html`<p class="field-error" id="${id}" role="alert">${message}</p>`;
}

/** `aria-invalid` and the error's id on a field that has one, so a screen reader reads it with the field. */
function invalidIf(id: string, message: string | undefined, describedBy: string[] = []): RawHtml {
  const ids = message === undefined ? describedBy : [...describedBy, id];
  return html`${message === undefined ? '' : raw(' aria-invalid="true"')}${ids.length === 0 ? '' : html` aria-describedby="${ids.join(' ')}"`}`;
}

function passwordSection(csrf: string, errors: PasswordFormErrors): RawHtml {
  return html`<section aria-labelledby="password-heading"><h2 id="password-heading">Password</h2>
<form method="post" action="/account/password" class="account-form">${csrfField(csrf)}
<label for="current-password">Current password</label>
<input id="current-password" name="current_password" type="password" autocomplete="current-password" required${invalidIf('current-password-error', errors.current)}>
${fieldError('current-password-error', errors.current)}
<label for="new-password">New password</label>
<input id="new-password" name="new_password" type="password" autocomplete="new-password" required minlength="${MIN_PASSWORD_LENGTH}"${invalidIf('new-password-error', errors.next, ['new-password-hint'])}>
<p class="hint" id="new-password-hint">At least ${MIN_PASSWORD_LENGTH} characters. Changing it signs out every other browser and device.</p>
${fieldError('new-password-error', errors.next)}
<button>Change password</button>
</form></section>`;
}

function tokensSection(csrf: string, tokens: readonly ApiToken[]): RawHtml {
  const rows = tokens.map(
    (t) =>
      html`<li>${t.name} (…${t.hint}) ${t.revokedAt === null ? html`<form method="post" action="/account/tokens/${t.id}/revoke" style="display:inline">${csrfField(csrf)}<button>Revoke</button></form>` : html`revoked`}</li>`,
  );
  return html`<section aria-labelledby="tokens-heading"><h2 id="tokens-heading">API tokens</h2><ul class="tokens">${rows}</ul>
<form method="post" action="/account/tokens">${csrfField(csrf)}<label>Name <input name="name" required maxlength="100"></label> <button>Create token</button></form>
</section>`;
}

export interface DeleteAccountPageModel {
  email: string;
  csrf: string;
  sites: number;
  /** Tokens not yet revoked. */
  liveTokens: number;
  /** Sites with a scan running: deleting is refused until none is. */
  running: readonly Site[];
  passwordError?: string;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The confirmation: everything that goes, then the password (or, while a scan runs, why not now). */
export function deleteAccountView(m: DeleteAccountPageModel): RawHtml {
  return html`${ACCOUNT_STYLE}<p><a href="/account">Back to your account</a></p>
<p>Deleting the account <strong>${m.email}</strong> removes for good:</p>
<ul id="deleted-things">
<li>${plural(m.sites, 'site')}, with every scan, result, blacklist rule, alert channel and schedule</li>
<li>${plural(m.liveTokens, 'API token')}: the WordPress plugin and scripts using them stop working</li>
<li>your sign-in on every browser and device</li>
</ul>
<p>This cannot be undone. Reports you downloaded are not affected.</p>
${m.running.length > 0 ? runningNote(m.running) : confirmForm(m)}`;
}

function confirmForm(m: DeleteAccountPageModel): RawHtml {
  return html`<form method="post" action="/account/delete" class="account-form">${csrfField(m.csrf)}
<label for="delete-password">Your password, to confirm</label>
<input id="delete-password" name="password" type="password" autocomplete="current-password" required${invalidIf('delete-password-error', m.passwordError)}>
${fieldError('delete-password-error', m.passwordError)}
<p><button>Delete my account</button> <a href="/account">Cancel</a></p>
</form>`;
}

/** Shown instead of the form, and as the 409 page when a delete is posted while a scan runs. */
export function runningNote(running: readonly Site[]): RawHtml {
  const links = running.map((site) => html`<li><a href="/sites/${site.id}">${site.name}</a></li>`);
  return html`<div role="alert" id="scan-running"><p>A scan is running, so the account cannot be deleted now. Stop it on the site page or wait for it to finish, then try again:</p><ul>${links}</ul></div>`;
}

/** The 409 page body. */
export function deleteAccountRefusedView(running: readonly Site[]): RawHtml {
  return html`${runningNote(running)}<p><a href="/account/delete">Back to the confirmation</a></p>`;
}
