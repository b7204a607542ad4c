import { afterEach, describe, expect, it } from 'vitest';
import type { Finding, ScanReport } from '../../src/core/report-types.js';
import { buildAlert, testAlert, type Alert } from '../../src/notify/alert.js';
import { createChannel, DEFAULT_PREFERENCES } from '../../src/notify/alert-channel.js';
import { deliver } from '../../src/notify/deliver.js';
import type { NotifySettings } from '../../src/notify/notify-settings.js';
import { createUnsubscribeToken, verifyUnsubscribeToken } from '../../src/notify/unsubscribe-token.js';
import { slackPayload } from '../../src/notify/webhook-sender.js';
import { signWebhook, verifyWebhookSignature } from '../../src/notify/webhook-signature.js';
import { startMailSink, startWebhookReceiver } from './receivers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SECRET = 'whsec-unit-0123456789';
const NO_SMTP: NotifySettings = { smtp: null, reportBaseUrl: null, unsubscribeSecret: null };
const NOW = new Date('2030-05-01T10:00:00Z');
const site = { id: 'site-1', url: 'https://shop.example.test/', name: 'Shop' };

function finding(url: string, over: Partial<Finding> = {}): Finding {
  return {
    url, status: 404, error: null, errorDetail: null, severity: 'error', category: 'broken', title: 'Not Found', reason: '', advice: '', suggestion: null,
    internal: true, kind: 'page', finalUrl: url, redirects: [], contentType: null, method: 'GET', durationMs: 1, retries: 0, inSitemap: false,
    occurrences: [{ page: 'https://shop.example.test/', element: 'a', attribute: 'href', text: 'x', line: 3 }], occurrenceCount: 1, suppressedBy: null, history: null,
    ...over,
  };
}

function report(findings: Finding[], startedAt = NOW.toISOString()): ScanReport {
  const summary = { startedAt, pagesCrawled: 3, urlsChecked: 9, broken: findings.length, bySeverity: { error: findings.length, warning: 0, notice: 0, ok: 0 } };
  return { summary, findings } as unknown as ScanReport;
}

const alertFor = (findings: Finding[], preferences = DEFAULT_PREFERENCES): Alert => {
  const alert = buildAlert({ site, scanId: 'scan-2', current: report(findings), previous: report([]), reportBaseUrl: 'https://links.example.test' }, preferences);
  if (alert === null) throw new Error('expected an alert');
  return alert;
};

describe('what triggers an alert', () => {
  const previous = report([finding('https://shop.example.test/old')], '2030-04-30T10:00:00Z');

  it('alerts on new problems at or above the severity, not on still-broken, suppressed or lower ones', () => {
    const current = report([
      finding('https://shop.example.test/old'),
      finding('https://shop.example.test/new'),
      finding('https://ads.example.test/x', { suppressedBy: { ruleId: 'r', kind: 'glob', pattern: 'x', note: '' } }),
      finding('https://cdn.example.test/flaky', { severity: 'warning', status: 503, internal: false }),
    ]);
    const alert = buildAlert({ site, scanId: 's', current, previous, reportBaseUrl: null }, DEFAULT_PREFERENCES);
    expect(alert?.newProblems.map((p) => p.url)).toEqual(['https://shop.example.test/new']);
    const warnings = buildAlert({ site, scanId: 's', current, previous, reportBaseUrl: null }, { ...DEFAULT_PREFERENCES, minSeverity: 'warning' });
    expect(warnings?.newProblems.map((p) => p.url)).toEqual(['https://shop.example.test/new', 'https://cdn.example.test/flaky']);
  });

  it('stays silent with nothing new unless the channel asked for fixed news or every scan', () => {
    const fixedOnly = report([]);
    expect(buildAlert({ site, scanId: 's', current: fixedOnly, previous, reportBaseUrl: null }, DEFAULT_PREFERENCES)).toBeNull();
    const fixed = buildAlert({ site, scanId: 's', current: fixedOnly, previous, reportBaseUrl: null }, { ...DEFAULT_PREFERENCES, includeFixed: true });
    expect(fixed?.fixed.map((p) => p.url)).toEqual(['https://shop.example.test/old']);
    const summary = buildAlert({ site, scanId: 's', current: previous, previous, reportBaseUrl: null }, { ...DEFAULT_PREFERENCES, everyScan: true });
    expect(summary?.type).toBe('summary');
  });
});

describe('webhook delivery', () => {
  it('signs each delivery so the receiver verifies it, and rejects a replay with an old timestamp', async () => {
    const hook = await startWebhookReceiver({ secret: SECRET, now: () => NOW });
    cleanups.push(() => hook.close());
    const channel = createChannel({ kind: 'webhook', url: hook.url, secret: SECRET }, NOW);
    const record = await deliver(channel, alertFor([finding('https://shop.example.test/new')]), { settings: NO_SMTP, clock: () => NOW });
    expect(record).toMatchObject({ outcome: 'delivered', attempts: 1, errorCode: null });
    const post = hook.posts[0];
    expect(post?.verdict).toEqual({ ok: true });
    expect(post?.headers['x-dislike404-signature']).toBe(signWebhook(SECRET, Math.floor(NOW.getTime() / 1000), post?.body ?? ''));

    const ts = String(post?.headers['x-dislike404-timestamp']);
    const sig = String(post?.headers['x-dislike404-signature']);
    const tenMinutesLater = new Date(NOW.getTime() + 600_000);
    expect(verifyWebhookSignature(SECRET, ts, post?.body ?? '', sig, tenMinutesLater, 300)).toEqual({ ok: false, code: 'TIMESTAMP_OUT_OF_RANGE' });
    expect(verifyWebhookSignature(SECRET, ts, `${post?.body ?? ''} `, sig, NOW, 300)).toEqual({ ok: false, code: 'SIGNATURE_MISMATCH' });
    expect(verifyWebhookSignature('another-secret-000000', ts, post?.body ?? '', sig, NOW, 300)).toEqual({ ok: false, code: 'SIGNATURE_MISMATCH' });
    expect(verifyWebhookSignature(SECRET, undefined, post?.body ?? '', sig, NOW, 300)).toEqual({ ok: false, code: 'SIGNATURE_MISSING' });
  });

  it('retries a receiver that fails twice, with doubling backoff, then records one delivery', async () => {
    const hook = await startWebhookReceiver({ secret: SECRET, failFirst: 2, now: () => NOW });
    cleanups.push(() => hook.close());
    const waits: number[] = [];
    const channel = createChannel({ kind: 'webhook', url: hook.url, secret: SECRET }, NOW);
    const record = await deliver(channel, alertFor([finding('https://shop.example.test/new')]), {
      settings: NO_SMTP,
      clock: () => NOW,
      sleep: (ms) => (waits.push(ms), Promise.resolve()),
      baseDelayMs: 500,
    });
    expect(record).toMatchObject({ outcome: 'delivered', attempts: 3 });
    expect(waits).toEqual([500, 1000]);
    expect(hook.posts).toHaveLength(3);
    expect(hook.accepted()).toHaveLength(1);
  });

  it('gives up at once on a 4xx answer and records the code, not the URL or secret', async () => {
    const hook = await startWebhookReceiver({ secret: 'the-receiver-has-another-secret' });
    cleanups.push(() => hook.close());
    const channel = createChannel({ kind: 'webhook', url: hook.url, secret: SECRET }, NOW);
    const record = await deliver(channel, testAlert(site, new Date(), null), { settings: NO_SMTP, sleep: () => Promise.resolve() });
    expect(record).toMatchObject({ outcome: 'failed', attempts: 1, errorCode: 'WEBHOOK_HTTP_STATUS', detail: 'HTTP 401' });
    const unreachable = createChannel({ kind: 'webhook', url: 'http://127.0.0.1:1/hook', secret: SECRET }, NOW);
    const down = await deliver(unreachable, testAlert(site, new Date(), null), { settings: NO_SMTP, sleep: () => Promise.resolve() });
    expect(down).toMatchObject({ outcome: 'failed', attempts: 3, errorCode: 'WEBHOOK_UNREACHABLE' });
  });
});

describe('Slack payload', () => {
  it('has a notification text and header, context and problem blocks in mrkdwn', () => {
    const payload = slackPayload(alertFor([finding('https://shop.example.test/new?a=<b>')]));
    expect(payload.text).toBe('1 new problem on https://shop.example.test/');
    expect(payload.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section']);
    expect(JSON.stringify(payload.blocks[2])).toContain('https://shop.example.test/new?a=&lt;b&gt;');
    expect(payload.blocks[3]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '<https://links.example.test/scan-details/site-1/scan-2|View the full report>' } });
  });
});

describe('email over real SMTP', () => {
  it('logs in, sends HTML and text parts per recipient, each with its own verifiable unsubscribe link', async () => {
    const sink = await startMailSink({ user: 'mailer', password: 'smtp-password-123' });
    cleanups.push(() => sink.close());
    const settings: NotifySettings = {
      smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'mailer', password: 'smtp-password-123', from: 'Alerts <alerts@example.test>' },
      reportBaseUrl: 'https://links.example.test',
      unsubscribeSecret: 'unsubscribe-secret-0123',
    };
    const channel = createChannel({ kind: 'email', to: ['a@example.test', 'b@example.test'] }, NOW);
    const alert = alertFor([finding('https://shop.example.test/new'), finding('https://cdn.example.test/x.js', { severity: 'warning' })], {
      ...DEFAULT_PREFERENCES,
      minSeverity: 'warning',
    });
    const record = await deliver(channel, alert, { settings });
    expect(record).toMatchObject({ outcome: 'delivered', attempts: 1 });
    expect(sink.recipients).toEqual([['a@example.test'], ['b@example.test']]);
    const [first] = sink.mails;
    expect(first?.subject).toBe('[dislike404] 2 new broken links on shop.example.test');
    expect(first?.text).toContain('New errors (1):\n- https://shop.example.test/new — HTTP 404 Not Found\n  found on https://shop.example.test/');
    expect(first?.text).toContain('Full report: https://links.example.test/scan-details/site-1/scan-2');
    expect(first?.html).toContain('<meta name="viewport"');
    expect(first?.html).toContain('New warnings (1)');
    const link = /href="(https:\/\/links\.example\.test\/unsubscribe\?token=[^"]+)"/.exec(String(first?.html))?.[1] ?? '';
    const token = new URL(link.replace(/&amp;/g, '&')).searchParams.get('token') ?? '';
    expect(verifyUnsubscribeToken('unsubscribe-secret-0123', token)).toEqual({ ok: true, claim: { siteId: 'site-1', channelId: channel.id, email: 'a@example.test' } });
    // mailparser folds List-* headers into one `list` entry.
    expect(JSON.stringify(first?.headers.get('list'))).toContain('/unsubscribe?token=');
  });

  it('records SMTP_REJECTED for a wrong password without retrying, and SMTP_NOT_CONFIGURED without a host', async () => {
    const sink = await startMailSink({ user: 'mailer', password: 'right-password' });
    cleanups.push(() => sink.close());
    const channel = createChannel({ kind: 'email', to: ['a@example.test'] }, NOW);
    const settings: NotifySettings = { ...NO_SMTP, smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'mailer', password: 'wrong-password', from: 'a@example.test' } };
    expect(await deliver(channel, testAlert(site, NOW, null), { settings, sleep: () => Promise.resolve() })).toMatchObject({ outcome: 'failed', attempts: 1, errorCode: 'SMTP_REJECTED' });
    expect(await deliver(channel, testAlert(site, NOW, null), { settings: NO_SMTP })).toMatchObject({ outcome: 'failed', errorCode: 'SMTP_NOT_CONFIGURED' });
  });
});

describe('unsubscribe tokens', () => {
  it('verify only with the operator secret and untampered content', () => {
    const token = createUnsubscribeToken('operator-secret-00000', { siteId: 's', channelId: 'c', email: 'a@example.test' });
    expect(verifyUnsubscribeToken('operator-secret-00000', token).ok).toBe(true);
    expect(verifyUnsubscribeToken('other-secret-0000000', token)).toEqual({ ok: false, code: 'TOKEN_BAD_SIGNATURE' });
    const [, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ s: 's', c: 'c', e: 'b@example.test' })).toString('base64url')}.${sig}`;
    expect(verifyUnsubscribeToken('operator-secret-00000', forged)).toEqual({ ok: false, code: 'TOKEN_BAD_SIGNATURE' });
    expect(verifyUnsubscribeToken('operator-secret-00000', 'garbage')).toEqual({ ok: false, code: 'TOKEN_MALFORMED' });
  });
});
