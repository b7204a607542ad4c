import nodemailer, { type Transporter } from 'nodemailer';
import type { Alert } from './alert.js';
import { joinUrl } from './alert.js';
import type { AlertChannel } from './alert-channel.js';
import type { NotifySettings, SmtpSettings } from './notify-settings.js';
import type { Attempt } from './deliver.js';
import { NotifyError, type SendFailure } from './notify-error.js';
import { emailSubject, renderEmailHtml, renderEmailText } from './render-email.js';
import { createUnsubscribeToken } from './unsubscribe-token.js';

type EmailChannel = Extract<AlertChannel, { kind: 'email' }>;

/**
 * Each address gets its own message (its own unsubscribe link); an address that got the alert is
 * not mailed again when a later attempt retries the others.
 */
export function emailAttempt(channel: EmailChannel, alert: Alert, settings: NotifySettings): Attempt {
  const pending = new Set(channel.to);
  return async () => {
    const smtp = settings.smtp;
    if (smtp === null) return { ok: false, code: 'SMTP_NOT_CONFIGURED', retryable: false, detail: 'set DISLIKE404_SMTP_HOST and DISLIKE404_SMTP_FROM' };
    const transport = smtpTransport(smtp);
    try {
      for (const to of [...pending]) {
        const unsubscribeUrl = unsubscribeLink(settings, alert, channel, to);
        await transport.sendMail({
          from: smtp.from,
          to,
          subject: emailSubject(alert),
          text: renderEmailText(alert, { unsubscribeUrl }),
          html: renderEmailHtml(alert, { unsubscribeUrl }),
          ...(unsubscribeUrl === null ? {} : { list: { unsubscribe: unsubscribeUrl } }),
        });
        pending.delete(to);
      }
      return { ok: true };
    } catch (error) {
      return smtpFailure(error);
    } finally {
      transport.close();
    }
  };
}

/** One nodemailer transport for the operator's SMTP server: implicit TLS, required STARTTLS, or plain for local relays. */
export function smtpTransport(smtp: SmtpSettings): Transporter {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: smtp.user === null ? undefined : { user: smtp.user, pass: smtp.password ?? '' },
    ...(smtp.tlsCa === undefined ? {} : { tls: { ca: [smtp.tlsCa] } }),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

/**
 * Sends plain-text account mail (password resets) through the operator's SMTP server. Throws
 * NotifyError with a secret-free detail when the server cannot take it.
 */
export function smtpMailer(smtp: SmtpSettings): (mail: { to: string; subject: string; text: string }) => Promise<void> {
  return async (mail) => {
    const transport = smtpTransport(smtp);
    try {
      await transport.sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text });
    } catch (error) {
      const failure = smtpFailure(error);
      throw new NotifyError(failure.code, `Could not send mail: ${failure.detail}`, { cause: error });
    } finally {
      transport.close();
    }
  };
}

function unsubscribeLink(settings: NotifySettings, alert: Alert, channel: EmailChannel, email: string): string | null {
  if (settings.reportBaseUrl === null || settings.unsubscribeSecret === null) return null;
  const token = createUnsubscribeToken(settings.unsubscribeSecret, { siteId: alert.site.id, channelId: channel.id, email });
  return joinUrl(settings.reportBaseUrl, `/unsubscribe?token=${encodeURIComponent(token)}`);
}

/** By SMTP reply code and Node error code only; nodemailer's message text may echo the login. */
function smtpFailure(error: unknown): SendFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { responseCode?: unknown; code?: unknown };
  const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
  const code = typeof e.code === 'string' ? e.code : 'UNKNOWN';
  if (reply !== null && reply >= 500) return { ok: false, code: 'SMTP_REJECTED', retryable: false, detail: `SMTP ${reply}` };
  if (code === 'EAUTH') return { ok: false, code: 'SMTP_REJECTED', retryable: false, detail: 'EAUTH' };
  return { ok: false, code: 'SMTP_UNAVAILABLE', retryable: true, detail: reply !== null ? `SMTP ${reply}` : code };
}
