import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testAlert } from '../../src/notify/alert.js';
import { createChannel } from '../../src/notify/alert-channel.js';
import { deliver } from '../../src/notify/deliver.js';
import { smtpMailer } from '../../src/notify/email-sender.js';
import type { SmtpSettings } from '../../src/notify/notify-settings.js';

interface TlsSink {
  port: number;
  mails: Array<{ mail: ParsedMail; secure: boolean; user: string | undefined }>;
  close(): Promise<void>;
}

let pems: { cert: string; private: string };
beforeAll(async () => {
  pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real SMTP server on 127.0.0.1 with a self-signed certificate: implicit TLS, or STARTTLS required before AUTH. */
async function startTlsSink(mode: 'tls' | 'starttls'): Promise<TlsSink> {
  const mails: TlsSink['mails'] = [];
  const server = new SMTPServer({
    secure: mode === 'tls',
    key: pems.private,
    cert: pems.cert,
    logger: false,
    // Plain-text AUTH is refused, so a login can only succeed after the upgrade.
    allowInsecureAuth: false,
    onAuth(credentials, _session, callback) {
      if (credentials.username === 'mailer' && credentials.password === 'smtp-pass-123') callback(null, { user: credentials.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push({ mail, secure: session.secure, user: typeof session.user === 'string' ? session.user : undefined });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client that rejects the certificate drops the connection mid-handshake; that is the test's point, not an error.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const sink = { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  cleanups.push(sink.close);
  return sink;
}

function smtp(port: number, security: SmtpSettings['security'], trust: boolean): SmtpSettings {
  return { host: '127.0.0.1', port, security, user: 'mailer', password: 'smtp-pass-123', from: 'alerts@example.test', ...(trust ? { tlsCa: pems.cert } : {}) };
}

const site = { id: 'site-1', url: 'https://shop.example.test/', name: 'Shop' };
const channel = createChannel({ kind: 'email', to: ['ops@example.test'] }, new Date());

describe('email over TLS', () => {
  it.each(['tls', 'starttls'] as const)('delivers an alert with %s and logs in only over the encrypted connection', async (mode) => {
    const sink = await startTlsSink(mode);
    const record = await deliver(channel, testAlert(site, new Date(), null), { settings: { smtp: smtp(sink.port, mode, true), reportBaseUrl: null, unsubscribeSecret: null }, sleep: () => Promise.resolve() });
    expect(record).toMatchObject({ outcome: 'delivered', attempts: 1 });
    expect(sink.mails.map((m) => [m.secure, m.user, m.mail.subject])).toEqual([[true, 'mailer', '[dislike404] Test alert for shop.example.test']]);
  });

  it('refuses a server whose certificate is not trusted, sending nothing and saying nothing secret', async () => {
    const sink = await startTlsSink('starttls');
    const record = await deliver(channel, testAlert(site, new Date(), null), { settings: { smtp: smtp(sink.port, 'starttls', false), reportBaseUrl: null, unsubscribeSecret: null }, sleep: () => Promise.resolve(), maxAttempts: 1 });
    expect(record).toMatchObject({ outcome: 'failed', errorCode: 'SMTP_UNAVAILABLE' });
    expect(JSON.stringify(record)).not.toContain('smtp-pass-123');
    expect(sink.mails).toEqual([]);
  });

  it('sends account mail (password resets) through the same transport', async () => {
    const sink = await startTlsSink('tls');
    await smtpMailer(smtp(sink.port, 'tls', true))({ to: 'user@example.test', subject: 'Reset your dislike404 password', text: 'link' });
    expect(sink.mails.map((m) => [m.secure, m.mail.subject, m.mail.text?.trim()])).toEqual([[true, 'Reset your dislike404 password', 'link']]);
    await expect(smtpMailer(smtp(sink.port, 'tls', false))({ to: 'user@example.test', subject: 's', text: 't' })).rejects.toMatchObject({ code: 'SMTP_UNAVAILABLE' });
  });
});
