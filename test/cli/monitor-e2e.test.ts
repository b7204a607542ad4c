import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createMonitor } from '../../src/cli/commands/monitor-command.js';
import { parseStartUrl } from '../../src/crawl/start-url.js';
import { createChannel, withChannels } from '../../src/notify/alert-channel.js';
import { readDeliveryHistory } from '../../src/notify/delivery-history.js';
import { verifyUnsubscribeToken } from '../../src/notify/unsubscribe-token.js';
import { parseSchedule } from '../../src/schedule/schedule-spec.js';
import { withSchedule } from '../../src/schedule/site-schedule.js';
import { openStore, type Store } from '../../src/store/store.js';
import { page, startSite } from '../helpers/test-site.js';
import { startMailSink, startWebhookReceiver } from '../notify/receivers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SECRET = 'whsec-0123456789abcdef';
const UNSUBSCRIBE_SECRET = 'unsub-0123456789abcdef';

function quietIo() {
  const stderr = new PassThrough();
  let log = '';
  stderr.on('data', (c: Buffer) => (log += c.toString()));
  return { io: { stdout: new PassThrough(), stderr, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: tmpdir() }, log: () => log };
}

describe('monitor end to end: schedule → scan → break a link → exactly one alert → silence', () => {
  it('alerts once for the new broken link on webhook and email, then stays quiet on an unchanged scan', async () => {
    let broken = false;
    const site = await startSite({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page(broken ? '<a href="/about">About</a> <a href="/gone">Old offer</a>' : '<a href="/about">About</a>'));
      },
      '/about': page('<a href="/">Home</a>'),
    });
    cleanups.push(() => site.close());
    let now = new Date('2030-01-01T05:00:00Z');
    const clock = (): Date => now;
    const hook = await startWebhookReceiver({ secret: SECRET, now: clock });
    cleanups.push(() => hook.close());
    const mail = await startMailSink();
    cleanups.push(() => mail.close());

    const store: Store = await openStore(join(mkdtempSync(join(tmpdir(), 'dislike404-monitor-')), 'monitor.sqlite'));
    cleanups.push(() => store.close());
    const added = await store.addSite({ url: parseStartUrl(site.url('/')).href });
    const daily = parseSchedule({ kind: 'daily', at: '06:00', timezone: 'UTC' });
    if (!daily.ok) throw new Error(daily.message);
    const channels = [
      createChannel({ kind: 'webhook', url: hook.url, secret: SECRET }, now),
      createChannel({ kind: 'email', to: ['owner@example.test'] }, now),
    ];
    await store.updateSiteSettings(added.id, withChannels(withSchedule(added.settings, daily.schedule, now), channels));

    const { io, log } = quietIo();
    const monitor = createMonitor({
      store,
      io,
      config: {},
      notify: {
        smtp: { host: '127.0.0.1', port: mail.port, security: 'none', user: null, password: null, from: 'dislike404 <alerts@example.test>' },
        reportBaseUrl: 'https://links.example.test',
        unsubscribeSecret: UNSUBSCRIBE_SECRET,
      },
      clock,
      sleep: () => Promise.resolve(),
    });
    const advanceTo = async (iso: string): Promise<void> => {
      now = new Date(iso);
      await monitor.scheduler.tick();
      await monitor.scheduler.idle();
    };

    await advanceTo('2030-01-01T05:59:00Z');
    expect(monitor.runs).toHaveLength(0);

    await advanceTo('2030-01-01T06:00:30Z');
    expect(monitor.runs).toHaveLength(1);
    expect(monitor.runs[0]?.report.findings.filter((f) => f.category === 'broken').map((f) => [f.url, f.status, f.error, f.errorDetail])).toEqual([]);
    expect(hook.posts).toHaveLength(0);
    expect(mail.mails).toHaveLength(0);

    // Same day again: already ran for this slot.
    await advanceTo('2030-01-01T12:00:00Z');
    expect(monitor.runs).toHaveLength(1);

    broken = true;
    await advanceTo('2030-01-02T06:00:05Z');
    expect(monitor.runs).toHaveLength(2);
    expect(hook.posts).toHaveLength(1);
    const post = hook.posts[0];
    expect(post?.verdict).toEqual({ ok: true });
    const body = JSON.parse(post?.body ?? '{}') as { event: string; newProblems: Array<{ url: string; page: string; status: number }>; reportUrl: string };
    expect(body.event).toBe('alert.problems');
    expect(body.newProblems).toEqual([expect.objectContaining({ url: site.url('/gone'), page: site.url('/'), status: 404 })]);
    expect(body.reportUrl).toBe(`https://links.example.test/scan-details/${added.id}/${monitor.runs[1]?.scanId}`);

    expect(mail.mails).toHaveLength(1);
    const message = mail.mails[0];
    expect(message?.subject).toContain('1 new broken link');
    expect(message?.text).toContain(site.url('/gone'));
    expect(message?.html).toContain(site.url('/gone'));
    const token = /unsubscribe\?token=([^\s"&]+)/.exec(message?.text ?? '')?.[1];
    expect(verifyUnsubscribeToken(UNSUBSCRIBE_SECRET, decodeURIComponent(token ?? ''))).toEqual({
      ok: true,
      claim: { siteId: added.id, channelId: channels[1]?.id, email: 'owner@example.test' },
    });

    // Unchanged site, next slot: nothing new, so nothing is sent.
    await advanceTo('2030-01-03T06:00:05Z');
    expect(monitor.runs).toHaveLength(3);
    expect(monitor.runs[2]?.report.summary.broken).toBe(1);
    expect(hook.posts).toHaveLength(1);
    expect(mail.mails).toHaveLength(1);

    const history = readDeliveryHistory((await store.getSite(added.id))?.settings ?? {});
    expect(history.map((h) => [h.kind, h.outcome, h.attempts])).toEqual([
      ['email', 'delivered', 1],
      ['webhook', 'delivered', 1],
    ]);
    expect(log()).not.toContain(SECRET);
  });
});
