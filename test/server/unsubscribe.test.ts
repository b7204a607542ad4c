import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannel, readChannels, withChannels } from '../../src/notify/alert-channel.js';
import { createUnsubscribeToken } from '../../src/notify/unsubscribe-token.js';
import { startHarness, type Harness } from './server-harness.js';

const SECRET = 'unsub-0123456789abcdef';
const NOW = new Date('2030-01-01T00:00:00Z');

let h: Harness;
let siteId: string;
let emailId: string;
let webhookId: string;
beforeEach(async () => {
  h = await startHarness({ unsubscribeSecret: SECRET });
  const site = await h.store.addSite({ url: 'https://example.com/' });
  const email = createChannel({ kind: 'email', to: ['owner@example.test', 'team@example.test'] }, NOW);
  const webhook = createChannel({ kind: 'webhook', url: 'https://hooks.example.test/x', secret: 'whsec-0123456789abcdef' }, NOW);
  await h.store.updateSiteSettings(site.id, withChannels(site.settings, [email, webhook]));
  siteId = site.id;
  emailId = email.id;
  webhookId = webhook.id;
});
afterEach(() => h.close());

const channels = async () => readChannels((await h.store.getSite(siteId))?.settings ?? {});
const visit = (token: string, method: 'GET' | 'POST' = 'GET') => h.app.inject({ method, url: `/unsubscribe?token=${encodeURIComponent(token)}` });

describe('GET /unsubscribe', () => {
  it('removes exactly the token’s address and keeps the other recipients and channels', async () => {
    const response = await visit(createUnsubscribeToken(SECRET, { siteId, channelId: emailId, email: 'owner@example.test' }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.body).toContain('owner@example.test will no longer receive link alerts for https://example.com/');
    expect((await channels()).map((c) => [c.id, c.kind === 'email' ? c.to : c.kind])).toEqual([
      [emailId, ['team@example.test']],
      [webhookId, 'webhook'],
    ]);
  });

  it('is idempotent, and removes an email channel once its last address leaves', async () => {
    for (const email of ['owner@example.test', 'team@example.test', 'team@example.test']) {
      expect((await visit(createUnsubscribeToken(SECRET, { siteId, channelId: emailId, email }))).statusCode).toBe(200);
    }
    expect((await channels()).map((c) => c.id)).toEqual([webhookId]);
  });

  it('accepts a one-click POST too', async () => {
    const response = await visit(createUnsubscribeToken(SECRET, { siteId, channelId: emailId, email: 'team@example.test' }), 'POST');
    expect(response.statusCode).toBe(200);
    expect((await channels())[0]).toMatchObject({ to: ['owner@example.test'] });
  });

  it('answers 400 with an explanation, and changes nothing, for a tampered, forged or missing token', async () => {
    const good = createUnsubscribeToken(SECRET, { siteId, channelId: emailId, email: 'owner@example.test' });
    const [, signature] = good.split('.');
    const otherClaim = Buffer.from(JSON.stringify({ s: siteId, c: emailId, e: 'team@example.test' })).toString('base64url');
    const forged = createUnsubscribeToken('another-secret-0123456789', { siteId, channelId: emailId, email: 'owner@example.test' });
    for (const token of [`${otherClaim}.${signature}`, forged, 'not-a-token', `${good}.extra`]) {
      const response = await visit(token);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('This unsubscribe link is not valid');
      expect(response.body).not.toMatch(/at \w+ \(|stack/i);
    }
    const missing = await h.app.inject({ method: 'GET', url: '/unsubscribe' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('has no token');
    expect((await channels())[0]).toMatchObject({ to: ['owner@example.test', 'team@example.test'] });
  });

  it('answers a 404 page for a site that no longer exists', async () => {
    const response = await visit(createUnsubscribeToken(SECRET, { siteId: '00000000-0000-4000-8000-000000000000', channelId: emailId, email: 'owner@example.test' }));
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('no longer exists');
  });

  it('answers 404 when the operator has set no unsubscribe secret', async () => {
    const plain = await startHarness();
    try {
      const response = await plain.app.inject({ method: 'GET', url: `/unsubscribe?token=${createUnsubscribeToken(SECRET, { siteId, channelId: emailId, email: 'owner@example.test' })}` });
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('not enabled');
    } finally {
      await plain.close();
    }
  });
});
