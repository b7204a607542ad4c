import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { runCliCaptured } from '../helpers/run-cli.js';
import { page, startSite } from '../helpers/test-site.js';
import { startWebhookReceiver } from '../notify/receivers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SECRET = 'whsec-cli-0123456789';
const SLACK_URL = 'https://hooks.slack.invalid/services/T000/B000/very-secret-token';

function cliWith(db: string, env: Record<string, string> = {}) {
  return (args: string[]) => runCliCaptured([...args, '--db', db], { env, cwd: tmpdir() });
}

describe('sites schedule', () => {
  it('sets daily, weekly, monthly and cron schedules and shows the next run in the site time zone', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dislike404-sched-')), 'db.sqlite');
    const cli = cliWith(db);
    expect((await cli(['sites', 'add', 'https://example.invalid/'])).code).toBe(0);

    const daily = await cli(['sites', 'schedule', 'example.invalid', 'daily', '--at', '06:00', '--tz', 'Europe/Berlin']);
    expect(daily.code).toBe(0);
    expect(daily.stdout).toContain('daily at 06:00 (Europe/Berlin)');
    expect(daily.stdout).toMatch(/Next run {2}\d{4}-\d\d-\d\d 06:00 Europe\/Berlin/);

    expect((await cli(['sites', 'schedule', 'example.invalid', 'weekly', '--day', 'mon', '--at', '07:30'])).stdout).toContain('weekly on mon at 07:30 (UTC)');
    expect((await cli(['sites', 'schedule', 'example.invalid', 'monthly', '--day', '1'])).stdout).toContain('monthly on day 1 at 03:00 (UTC)');
    const cron = await cli(['sites', 'schedule', 'example.invalid', 'cron', '0 */6 * * *']);
    expect(cron.stdout).toMatch(/cron "0 \*\/6 \* \* \*" \(UTC\)\nNext run {2}\d{4}-\d\d-\d\d (00|06|12|18):00 UTC/);
    expect((await cli(['sites', 'schedule', 'example.invalid'])).stdout).toContain('cron "0 */6 * * *"');

    const badZone = await cli(['sites', 'schedule', 'example.invalid', 'daily', '--tz', 'Mars/Olympus']);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toBe('dislike404: Expected --tz to be an IANA time zone such as Europe/Berlin, got "Mars/Olympus"\n');
    expect((await cli(['sites', 'schedule', 'example.invalid', 'cron', 'every tuesday'])).code).toBe(2);

    expect((await cli(['sites', 'schedule', 'example.invalid', 'off'])).stdout).toContain('Schedule  off');
  });
});

describe('alerts add / list / test / history / remove', () => {
  it('keeps channels per site, masks secrets, sends a signed test alert and records it', async () => {
    const hook = await startWebhookReceiver({ secret: SECRET });
    cleanups.push(() => hook.close());
    const db = join(mkdtempSync(join(tmpdir(), 'dislike404-alerts-')), 'db.sqlite');
    const cli = cliWith(db);
    await cli(['sites', 'add', 'https://example.invalid/']);

    const webhook = await cli(['alerts', 'add', 'example.invalid', 'webhook', '--url', hook.url, '--secret', SECRET]);
    expect(webhook.code).toBe(0);
    expect(webhook.stdout).not.toContain(SECRET);
    const slack = await cli(['alerts', 'add', 'example.invalid', 'slack', '--url', SLACK_URL]);
    expect(slack.stdout).not.toContain('very-secret-token');
    expect((await cli(['alerts', 'add', 'example.invalid', 'email', '--to', 'a@example.test,b@example.test', '--include-fixed'])).code).toBe(0);
    const weak = await cli(['alerts', 'add', 'example.invalid', 'webhook', '--url', hook.url, '--secret', 'short']);
    expect(weak.code).toBe(2);
    expect(weak.stderr).not.toContain('short');

    const list = await cli(['alerts', 'list', 'example.invalid']);
    expect(list.stdout).toContain('a@example.test, b@example.test');
    expect(list.stdout).toContain('https://hooks.slack.invalid/services/…');
    expect(list.stdout).not.toContain(SECRET);
    expect(list.stdout).not.toContain('very-secret-token');
    const webhookId = /webhook channel (\w{8})/.exec(webhook.stdout)?.[1] ?? '';

    const sent = await cli(['alerts', 'test', 'example.invalid', webhookId]);
    expect(sent.code).toBe(0);
    expect(hook.accepted()).toHaveLength(1);
    expect(hook.posts[0]?.verdict).toEqual({ ok: true });
    expect(JSON.parse(hook.posts[0]?.body ?? '{}')).toMatchObject({ event: 'alert.test', site: { url: 'https://example.invalid/' } });

    const history = await cli(['alerts', 'history', 'example.invalid']);
    expect(history.stdout).toMatch(new RegExp(`${webhookId}\\s+webhook\\s+test\\s+-\\s+delivered\\s+1`));

    const emailId = /(\w{8})\s+email/.exec(list.stdout)?.[1] ?? '';
    const noSmtp = await cli(['alerts', 'test', 'example.invalid', emailId]);
    expect(noSmtp.code).toBe(1);
    expect(noSmtp.stderr).toContain('SMTP_NOT_CONFIGURED');

    expect((await cli(['alerts', 'remove', 'example.invalid', webhookId])).code).toBe(0);
    expect((await cli(['alerts', 'list', 'example.invalid'])).stdout).not.toContain(webhookId);
  });
});

describe('monitor --once', () => {
  it('runs a site whose slots were missed while it was down exactly once, recorded and alerted', async () => {
    const site = await startSite({ '/': page('<a href="/missing">gone</a>') });
    cleanups.push(() => site.close());
    const hook = await startWebhookReceiver({ secret: SECRET });
    cleanups.push(() => hook.close());
    const db = join(mkdtempSync(join(tmpdir(), 'dislike404-once-')), 'db.sqlite');
    const cli = cliWith(db);
    await cli(['sites', 'add', site.url('/')]);
    await cli(['sites', 'schedule', site.url('/'), 'daily', '--at', '06:00']);
    await cli(['alerts', 'add', site.url('/'), 'webhook', '--url', hook.url, '--secret', SECRET]);
    // Pretend the schedule was set a week ago and the monitor has been down since.
    const store = await openStore(db);
    const [stored] = await store.listSites();
    if (stored === undefined) throw new Error('no site');
    const monitor = stored.settings.monitor as Record<string, unknown>;
    await store.updateSiteSettings(stored.id, { ...stored.settings, monitor: { ...monitor, since: new Date(Date.now() - 7 * 86_400_000).toISOString() } });
    await store.close();

    const first = await cli(['monitor', '--once']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/scanned .* 1 broken; alerts sent 1, failed 0/);
    expect(hook.accepted()).toHaveLength(1);
    expect((await cli(['history', site.url('/')])).stdout.match(/completed/g)).toHaveLength(1);

    const again = await cli(['monitor', '--once']);
    expect(again.stderr).toBe('');
    expect((await cli(['history', site.url('/')])).stdout.match(/completed/g)).toHaveLength(1);
  });
});
