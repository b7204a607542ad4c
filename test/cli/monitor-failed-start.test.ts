import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createMonitor } from '../../src/cli/commands/monitor-command.js';
import { createChannel, withChannels } from '../../src/notify/alert-channel.js';
import { openStore, type Store } from '../../src/store/store.js';
import { startSite } from '../helpers/test-site.js';
import { startWebhookReceiver, type WebhookReceiver } from '../notify/receivers.js';

const SECRET = 'whsec-monitor-0123456789';
const stores: Store[] = [];
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

function quietIo() {
  const stderr = new PassThrough();
  let log = '';
  stderr.on('data', (c: Buffer) => (log += c.toString()));
  return { io: { stdout: new PassThrough(), stderr, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: tmpdir() }, log: () => log };
}

async function storeWithSite(url: string): Promise<{ store: Store; siteId: string }> {
  const store = await openStore(join(mkdtempSync(join(tmpdir(), 'dislike404-failed-start-')), 'monitor.sqlite'));
  stores.push(store);
  return { store, siteId: (await store.addSite({ url })).id };
}

describe('dislike404 monitor (headless)', () => {
  it('records a scan whose start URL does not answer as failed with a one-line reason, and says so in its log', async () => {
    const gone = await startSite({});
    const url = gone.url('/');
    await gone.close();
    const { store, siteId } = await storeWithSite(url);
    const { io, log } = quietIo();
    const monitor = createMonitor({ store, io, config: {}, notify: { smtp: null, reportBaseUrl: null, unsubscribeSecret: null }, scanOverrides: { retries: 0, parseWorkers: 0 } });
    const run = await monitor.runSite(siteId);
    expect(run?.status).toBe('failed');
    const [scan] = await store.listScans(siteId);
    expect(scan?.status).toBe('failed');
    expect(scan?.failure).toMatch(/^The start URL could not be fetched \(CONNECTION_REFUSED[^\n]*$/);
    expect(log()).toContain('failed: The start URL could not be fetched');
  });

  it('refuses a webhook on a private address when its config does not allow private networks', async () => {
    const receiver = await startWebhookReceiver({ secret: SECRET });
    receivers.push(receiver);
    const { store, siteId } = await storeWithSite('http://127.0.0.1:9/');
    const site = await store.getSite(siteId);
    const channel = createChannel({ kind: 'webhook', url: receiver.url, secret: SECRET, everyScan: true }, new Date());
    await store.updateSiteSettings(siteId, withChannels(site?.settings ?? {}, [channel]));
    const { io } = quietIo();
    const monitor = createMonitor({
      store, io, config: { allowPrivateNetworks: false }, allowPrivateNetworks: false, notify: { smtp: null, reportBaseUrl: null, unsubscribeSecret: null },
      scanOverrides: { retries: 0, parseWorkers: 0 }, sleep: () => Promise.resolve(),
    });
    const run = await monitor.runSite(siteId);
    expect(run?.deliveries.map((d) => [d.outcome, d.errorCode, d.attempts])).toEqual([['failed', 'WEBHOOK_BLOCKED_ADDRESS', 1]]);
    expect(receiver.posts).toEqual([]);
  });
});
