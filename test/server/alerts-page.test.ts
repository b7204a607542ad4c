import { afterEach, describe, expect, it } from 'vitest';
import { parseSchedule } from '../../src/schedule/schedule-spec.js';
import { withSchedule } from '../../src/schedule/site-schedule.js';
import { startMailSink, startWebhookReceiver } from '../notify/receivers.js';
import { addSite, FORM, form, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

const SECRET = 'whsec-page-0123456789abcdef';
const SLACK_TOKEN = 'slack-credential-XYZ987654321';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  cleanups.push(() => h.close());
  return h;
}

async function get(h: Harness, browser: Browser, url: string): Promise<{ status: number; body: string }> {
  const response = await h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });
  return { status: response.statusCode, body: response.body };
}

async function post(h: Harness, browser: Browser, url: string, values: Record<string, string> = {}): Promise<{ status: number; body: string; location: string | undefined }> {
  const response = await h.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: browser.cookie, accept: 'text/html' }, payload: form({ _csrf: browser.csrf, ...values }) });
  const location = response.headers.location;
  return { status: response.statusCode, body: response.body, location: typeof location === 'string' ? location : undefined };
}

function channelIds(body: string): string[] {
  return [...body.matchAll(/<tr id="channel-([0-9a-f-]+)">/g)].map((m) => m[1] ?? '');
}

describe('the alerts page', () => {
  it('adds channels with secrets masked, sends a test alert to a real SMTP server and shows it in the history, and removes a channel', async () => {
    const sink = await startMailSink();
    cleanups.push(() => sink.close());
    const h = await harness({
      notify: { smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: null, password: null, from: 'alerts@example.test' }, reportBaseUrl: 'https://links.example.test', unsubscribeSecret: null },
    });
    const owner = await signUp(h.app, 'owner@example.com');
    const siteId = await addSite(h.app, owner, 'https://shop.example.test/');
    const daily = parseSchedule({ kind: 'daily', at: '06:00', timezone: 'UTC' });
    if (!daily.ok) throw new Error(daily.message);
    const site = await h.store.getSite(siteId);
    await h.store.updateSiteSettings(siteId, withSchedule(site?.settings ?? {}, daily.schedule, new Date('2030-01-01T00:00:00Z')));

    const empty = await get(h, owner, `/sites/${siteId}/alerts`);
    expect(empty.status).toBe(200);
    expect(empty.body).toContain('No alert channels yet');
    expect(empty.body).toMatch(/Scheduled daily at 06:00 \(UTC\); next run <time datetime="[^"]+">/);
    expect(empty.body).toContain(`href="/sites/${siteId}/settings"`);

    expect((await post(h, owner, `/sites/${siteId}/alerts`, { kind: 'webhook', target: 'https://hooks.example.test/in/abc', secret: SECRET, minSeverity: 'warning', includeFixed: 'on' })).status).toBe(303);
    expect((await post(h, owner, `/sites/${siteId}/alerts`, { kind: 'slack', target: `https://hooks.slack.example.test/services/T0/B0/${SLACK_TOKEN}` })).status).toBe(303);
    const added = await post(h, owner, `/sites/${siteId}/alerts`, { kind: 'email', target: 'ops@example.test, dev@example.test', everyScan: 'on' });
    expect(added).toMatchObject({ status: 303, location: `/sites/${siteId}/alerts` });

    const listed = await get(h, owner, `/sites/${siteId}/alerts`);
    expect(channelIds(listed.body)).toHaveLength(3);
    expect(listed.body).toContain('https://hooks.example.test/in/… (secret ********)');
    expect(listed.body).toContain('https://hooks.slack.example.test/services/…');
    expect(listed.body).toContain('ops@example.test, dev@example.test');
    expect(listed.body).toContain('warning and above');
    expect(listed.body).not.toContain(SECRET);
    expect(listed.body).not.toContain(SLACK_TOKEN);

    const emailId = channelIds(listed.body)[2] ?? '';
    const tested = await post(h, owner, `/sites/${siteId}/alerts/${emailId}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body).toContain('Test alert delivered to ops@example.test, dev@example.test.');
    expect(sink.recipients.flat().sort()).toEqual(['dev@example.test', 'ops@example.test']);
    expect(sink.mails[0]?.subject).toBe('[dislike404] Test alert for shop.example.test');
    // The history is on the page the button returns and on every later view.
    for (const body of [tested.body, (await get(h, owner, `/sites/${siteId}/alerts`)).body]) {
      expect(body).toMatch(/<table class="alerts" id="deliveries">[\s\S]*<td>Email: ops@example\.test, dev@example\.test<\/td><td>test<\/td><td class="">delivered<\/td><td>1<\/td>/);
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(SLACK_TOKEN);
    }

    const webhookId = channelIds(listed.body)[0] ?? '';
    expect((await post(h, owner, `/sites/${siteId}/alerts/${webhookId}/remove`)).status).toBe(303);
    const after = await get(h, owner, `/sites/${siteId}/alerts`);
    expect(channelIds(after.body)).toEqual(channelIds(listed.body).slice(1));
    expect(after.body).not.toContain('hooks.example.test/in');
  });

  it('shows validation errors next to the field with 422, keeps what was typed but never the secret', async () => {
    const h = await harness();
    const owner = await signUp(h.app, 'owner@example.com');
    const siteId = await addSite(h.app, owner, 'https://shop.example.test/');
    const badEmail = await post(h, owner, `/sites/${siteId}/alerts`, { kind: 'email', target: 'ops@example.test, nope', minSeverity: 'notice' });
    expect(badEmail.status).toBe(422);
    expect(badEmail.body).toMatch(/<input id="target" name="target" value="ops@example.test, nope"[^>]* aria-invalid="true" aria-describedby="error-target"><p class="error" id="error-target" role="alert">Enter one or more email addresses/);
    expect(badEmail.body).toContain('<option value="notice" selected>');
    const shortSecret = await post(h, owner, `/sites/${siteId}/alerts`, { kind: 'webhook', target: 'https://hooks.example.test/in', secret: 'tooshort-secret' });
    expect(shortSecret.status).toBe(422);
    expect(shortSecret.body).toMatch(/id="error-secret" role="alert">Enter a signing secret of at least 16 characters/);
    expect(shortSecret.body).not.toContain('tooshort-secret');
    const badUrl = await post(h, owner, `/sites/${siteId}/alerts`, { kind: 'slack', target: 'javascript:alert(1)' });
    expect(badUrl.status).toBe(422);
    expect(badUrl.body).toContain('id="error-target"');
    expect(channelIds((await get(h, owner, `/sites/${siteId}/alerts`)).body)).toEqual([]);
  });

  it('answers 404 for another user’s site and refuses posts without the CSRF token', async () => {
    const h = await harness();
    const owner = await signUp(h.app, 'owner@example.com');
    const other = await signUp(h.app, 'other@example.com');
    const siteId = await addSite(h.app, owner, 'https://shop.example.test/');
    await post(h, owner, `/sites/${siteId}/alerts`, { kind: 'email', target: 'ops@example.test' });
    const channelId = channelIds((await get(h, owner, `/sites/${siteId}/alerts`)).body)[0] ?? '';
    expect((await get(h, other, `/sites/${siteId}/alerts`)).status).toBe(404);
    expect((await post(h, other, `/sites/${siteId}/alerts`, { kind: 'email', target: 'x@example.test' })).status).toBe(404);
    expect((await post(h, other, `/sites/${siteId}/alerts/${channelId}/remove`)).status).toBe(404);
    expect((await post(h, other, `/sites/${siteId}/alerts/${channelId}/test`)).status).toBe(404);
    const forged = await h.app.inject({ method: 'POST', url: `/sites/${siteId}/alerts/${channelId}/remove`, headers: { ...FORM, cookie: owner.cookie }, payload: form({}) });
    expect(forged.statusCode).toBe(403);
    expect(channelIds((await get(h, owner, `/sites/${siteId}/alerts`)).body)).toEqual([channelId]);
  });

  it('refuses a webhook on a loopback address when private networks are not allowed: nothing is sent, the failure is recorded', async () => {
    const receiver = await startWebhookReceiver({ secret: SECRET });
    cleanups.push(() => receiver.close());
    const h = await harness({ allowPrivateNetworks: false });
    const owner = await signUp(h.app, 'owner@example.com');
    const siteId = await addSite(h.app, owner, 'https://shop.example.test/');
    const localhostUrl = receiver.url.replace('127.0.0.1', 'localhost');
    await post(h, owner, `/sites/${siteId}/alerts`, { kind: 'webhook', target: receiver.url, secret: SECRET });
    await post(h, owner, `/sites/${siteId}/alerts`, { kind: 'webhook', target: localhostUrl, secret: SECRET });
    const [literal, named] = channelIds((await get(h, owner, `/sites/${siteId}/alerts`)).body);
    const first = await post(h, owner, `/sites/${siteId}/alerts/${literal ?? ''}/test`);
    expect(first.body).toMatch(/Test alert to http:\/\/127\.0\.0\.1:\d+\/hooks\/… \(secret \*+\) failed after 1 attempt: WEBHOOK_BLOCKED_ADDRESS \(127\.0\.0\.1 is a loopback address/);
    const second = await post(h, owner, `/sites/${siteId}/alerts/${named ?? ''}/test`);
    expect(second.body).toContain('WEBHOOK_BLOCKED_ADDRESS');
    expect(receiver.posts).toEqual([]);
    expect(second.body.match(/<td class="failed">failed<\/td>/g)).toHaveLength(2);
  });
});
