import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { openStore } from '../../src/store/store.js';

const cli = (args: string[]) => runCliCaptured(args, { cwd: tmpdir() });

describe('sites show with monitoring configured', () => {
  it('shows the schedule and the number of alert channels but never a channel secret', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dislike404-show-')), 'show.sqlite');
    const store = await openStore(db);
    await store.addSite({ url: 'https://example.com/' });
    await store.close();
    expect((await cli(['sites', 'schedule', 'https://example.com/', 'daily', '--at', '06:00', '--tz', 'UTC', '--db', db])).code).toBe(0);
    const secret = 'super-secret-signing-key-1234';
    expect((await cli(['alerts', 'add', 'https://example.com/', 'webhook', '--url', 'http://127.0.0.1:9/hook', '--secret', secret, '--db', db])).code).toBe(0);
    const shown = await cli(['sites', 'show', 'https://example.com/', '--db', db]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain(secret);
    expect(shown.stdout).toMatch(/Alerts\s+1 channel/);
    expect(shown.stdout).toMatch(/Schedule\s+daily/i);
    expect(shown.stdout).toMatch(/Next run/);
  });
});
