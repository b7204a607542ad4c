import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createMonitor } from '../../src/cli/commands/monitor-command.js';
import { openStore, type Store } from '../../src/store/store.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';

const sites: TestSite[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('the monitor never starts a second scan of a busy site', () => {
  it('skips a site whose scan is running elsewhere (checkpointed moments ago)', async () => {
    const s = await startSite({ '/': page('<a href="/missing">m</a>') });
    sites.push(s);
    const store = await openStore(join(mkdtempSync(join(tmpdir(), 'dislike404-busy-')), 'busy.sqlite'));
    stores.push(store);
    const site = await store.addSite({ url: s.url('/') });
    // Another process (the web app, a CLI scan) is working on this site and checkpointed just now.
    const other = await store.createScan({ siteId: site.id, options: {}, status: 'running' });
    await store.checkpoint(other.id, { counters: { urlsChecked: 1 } });

    const stderr = new PassThrough();
    let log = '';
    stderr.on('data', (c: Buffer) => (log += c.toString()));
    const io = { stdout: new PassThrough(), stderr, stdoutIsTTY: false, stderrIsTTY: false, env: {}, cwd: tmpdir() };
    const monitor = createMonitor({ store, io, config: {}, notify: { smtp: null, reportBaseUrl: null, unsubscribeSecret: null }, sleep: () => Promise.resolve() });

    expect(await monitor.runSite(site.id)).toBeNull();
    expect(log).toMatch(/skipped, scan .* is already running/);
    expect(await store.listScans(site.id)).toHaveLength(1);
    expect(s.requests).toEqual([]);
  });
});
