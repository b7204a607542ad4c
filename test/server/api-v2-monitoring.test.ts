import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../notify/receivers.js';
import { createToken, signUp, startHarness, type Harness } from './server-harness.js';

const SECRET = 'whsec-api-0123456789abcdef';
const SLACK_TOKEN = 'xoxb-slack-credential-ABCDEF123456';
const NOW = new Date('2030-03-04T10:00:00Z');

let h: Harness;
let receiver: WebhookReceiver;
let token: string;
let siteId: string;

async function v2(method: HTTPMethods, url: string, payload?: unknown): Promise<{ status: number; body: Record<string, unknown>; raw: string; location?: string }> {
  const response = await h.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const location = response.headers.location;
  return { status: response.statusCode, body: response.body === '' ? {} : (response.json() as Record<string, unknown>), raw: response.body, ...(typeof location === 'string' ? { location } : {}) };
}

beforeAll(async () => {
  receiver = await startWebhookReceiver({ secret: SECRET, now: () => NOW });
  h = await startHarness({ clock: () => NOW, notify: { smtp: null, reportBaseUrl: 'https://links.example.test', unsubscribeSecret: null } });
  token = await createToken(h.app, await signUp(h.app, 'owner@example.com'));
  siteId = String((await v2('POST', '/api/v2/sites', { url: 'https://shop.example.test/' })).body.id);
});
afterAll(async () => {
  await h.close();
  await receiver.close();
});

describe('/api/v2 schedule', () => {
  it('is off until set; PUT sets it and answers the next run; DELETE turns it off', async () => {
    expect((await v2('GET', `/api/v2/sites/${siteId}/schedule`)).body).toEqual({ schedule: { kind: 'off' }, since: null, lastRunAt: null, nextRunAt: null });
    const put = await v2('PUT', `/api/v2/sites/${siteId}/schedule`, { kind: 'weekly', day: 'fri', at: '06:30', timezone: 'Europe/Berlin' });
    expect(put.status).toBe(200);
    // 2030-03-08 is a Friday; 06:30 in Berlin (CET, UTC+1) is 05:30 UTC.
    expect(put.body).toEqual({ schedule: { kind: 'weekly', day: 'fri', at: '06:30', timezone: 'Europe/Berlin' }, since: NOW.toISOString(), lastRunAt: null, nextRunAt: '2030-03-08T05:30:00.000Z' });
    expect((await v2('GET', `/api/v2/sites/${siteId}/schedule`)).body).toEqual(put.body);
    const cron = await v2('PUT', `/api/v2/sites/${siteId}/schedule`, { kind: 'cron', expression: '0 */6 * * *' });
    expect(cron.body.nextRunAt).toBe('2030-03-04T12:00:00.000Z');
    expect((await v2('DELETE', `/api/v2/sites/${siteId}/schedule`)).status).toBe(204);
    expect((await v2('GET', `/api/v2/sites/${siteId}/schedule`)).body).toMatchObject({ schedule: { kind: 'off' }, nextRunAt: null });
  });

  it.each([
    [{ kind: 'hourly' }, 'kind'],
    [{ kind: 'daily', at: '25:00' }, 'at'],
    [{ kind: 'monthly', day: 31 }, 'day'],
    [{ kind: 'daily', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ kind: 'cron', expression: 'every tuesday' }, 'expression'],
    [{ kind: 'daily', colour: 'blue' }, 'colour'],
  ])('refuses %j with 422 naming %s', async (body, field) => {
    const response = await v2('PUT', `/api/v2/sites/${siteId}/schedule`, body);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('INVALID_INPUT');
    expect(String(response.body.message)).toContain(field);
  });
});

describe('/api/v2 alert channels', () => {
  it('adds, lists with secrets masked, tests against a signing receiver, records the delivery, and removes', async () => {
    const added = await v2('POST', `/api/v2/sites/${siteId}/channels`, { kind: 'webhook', url: receiver.url, secret: SECRET, minSeverity: 'warning', includeFixed: true });
    expect(added.status).toBe(201);
    const id = String(added.body.id);
    expect(added.location).toBe(`/api/v2/sites/${siteId}/channels/${id}`);
    expect(added.body).toMatchObject({ kind: 'webhook', minSeverity: 'warning', includeFixed: true, everyScan: false });
    const slack = await v2('POST', `/api/v2/sites/${siteId}/channels`, { kind: 'slack', url: `https://hooks.slack.example.test/services/T0/B0/${SLACK_TOKEN}` });
    expect(slack.body.target).toBe('https://hooks.slack.example.test/services/…');

    const list = await v2('GET', `/api/v2/sites/${siteId}/channels`);
    expect((list.body.data as { id: string }[]).map((c) => c.id)).toEqual([id, slack.body.id]);
    for (const raw of [added.raw, slack.raw, list.raw]) {
      expect(raw).not.toContain(SECRET);
      expect(raw).not.toContain(SLACK_TOKEN);
    }

    const test = await v2('POST', `/api/v2/sites/${siteId}/channels/${id}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ channelId: id, alertType: 'test', outcome: 'delivered', attempts: 1, errorCode: null });
    expect(receiver.accepted()).toHaveLength(1);
    expect(receiver.posts[0]?.verdict).toEqual({ ok: true });
    expect(JSON.parse(receiver.posts[0]?.body ?? '{}')).toMatchObject({ event: 'alert.test', site: { id: siteId } });

    const history = await v2('GET', `/api/v2/sites/${siteId}/deliveries`);
    expect(history.body.data).toEqual([test.body]);

    expect((await v2('DELETE', `/api/v2/sites/${siteId}/channels/${id}`)).status).toBe(204);
    expect((await v2('DELETE', `/api/v2/sites/${siteId}/channels/${id}`)).status).toBe(404);
    expect((await v2('POST', `/api/v2/sites/${siteId}/channels/${id}/test`)).status).toBe(404);
    expect(((await v2('GET', `/api/v2/sites/${siteId}/channels`)).body.data as unknown[]).length).toBe(1);
  });

  it('records a failed test with its error code: email without SMTP configured', async () => {
    const email = await v2('POST', `/api/v2/sites/${siteId}/channels`, { kind: 'email', to: ['ops@example.test'] });
    const test = await v2('POST', `/api/v2/sites/${siteId}/channels/${String(email.body.id)}/test`);
    expect(test.body).toMatchObject({ outcome: 'failed', errorCode: 'SMTP_NOT_CONFIGURED' });
    const history = (await v2('GET', `/api/v2/sites/${siteId}/deliveries`)).body.data as { errorCode: string | null }[];
    expect(history[0]?.errorCode).toBe('SMTP_NOT_CONFIGURED');
  });

  it.each([
    [{ kind: 'pager' }, 'kind'],
    [{ kind: 'email', to: ['not-an-address'] }, 'to'],
    [{ kind: 'webhook', url: 'ftp://x.example.test/', secret: SECRET }, 'url'],
    [{ kind: 'webhook', url: 'https://x.example.test/hook', secret: 'short' }, 'secret'],
    [{ kind: 'slack', url: 'https://x.example.test/hook', minSeverity: 'ok' }, 'minSeverity'],
    [{ kind: 'slack', url: 'https://x.example.test/hook', extra: 1 }, 'extra'],
  ])('refuses %j with 422 naming %s', async (body, field) => {
    const response = await v2('POST', `/api/v2/sites/${siteId}/channels`, body);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('INVALID_INPUT');
    expect(String(response.body.message)).toContain(field);
    expect(response.raw).not.toContain(SECRET);
  });
});

describe('site views and channel secrets', () => {
  // Channels live in settings.alerts; the site view must strip their secrets (settingsWithoutSecrets).
  it('GET /api/v2/sites/{id} never shows a webhook secret or a Slack URL’s credential', async () => {
    await v2('POST', `/api/v2/sites/${siteId}/channels`, { kind: 'webhook', url: 'https://hooks.example.test/in', secret: SECRET });
    await v2('POST', `/api/v2/sites/${siteId}/channels`, { kind: 'slack', url: `https://hooks.slack.example.test/services/T0/B0/${SLACK_TOKEN}` });
    for (const url of [`/api/v2/sites/${siteId}`, '/api/v2/sites']) {
      const response = await v2('GET', url);
      expect(response.raw).not.toContain(SECRET);
      expect(response.raw).not.toContain(SLACK_TOKEN);
    }
  });
});
