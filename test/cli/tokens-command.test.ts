import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { createToken, signUp, startHarness, type Browser, type Harness } from '../server/server-harness.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/dislike404.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

const cli = (args: string[]) => runCliCaptured(args, { cwd: process.cwd() });

// The server (app + its open connections) runs over the same SQLite file the CLI writes to.
let h: Harness;
let owner: Browser;
beforeEach(async () => {
  h = await startHarness();
  owner = await signUp(h.app, 'owner@example.com');
});
afterEach(() => h.close());

async function apiStatus(token: string): Promise<number> {
  return (await h.app.inject({ method: 'GET', url: '/api/v2/sites', headers: { authorization: `Bearer ${token}` } })).statusCode;
}

describe('dislike404 tokens', () => {
  it('creates a token the running server accepts, lists it without the secret, and revokes it by id prefix', async () => {
    const created = await cli(['tokens', 'create', 'Owner@Example.com', '--name', 'ci deploy', '--db', h.dbPath]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^d404_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/Created API token [0-9a-f-]{36} \(ci deploy\) for owner@example\.com\. Copy it now/);
    expect(await apiStatus(token)).toBe(200);

    const listed = await cli(['tokens', 'list', 'owner@example.com', '--db', h.dbPath]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('ci deploy');
    expect(listed.stdout).toContain(`…${token.slice(-4)}`);
    expect(listed.stdout).toContain('active');
    expect(listed.stdout).not.toContain(token);
    // The profile page shows the same token: one store, one hashing scheme.
    const profile = await h.app.inject({ method: 'GET', url: '/account', headers: { cookie: owner.cookie } });
    expect(profile.body).toContain(`ci deploy (…${token.slice(-4)})`);

    const id = /([0-9a-f-]{36})/.exec(listed.stdout)?.[1] ?? '';
    const revoked = await cli(['tokens', 'revoke', 'owner@example.com', id.slice(0, 8), '--db', h.dbPath]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API token ${id} (ci deploy) of owner@example.com`);
    expect(await apiStatus(token)).toBe(401);
    expect((await cli(['tokens', 'list', 'owner@example.com', '--db', h.dbPath])).stdout).toMatch(/revoked \d{4}-\d\d-\d\d \d\d:\d\d/);

    const again = await cli(['tokens', 'revoke', 'owner@example.com', id, '--db', h.dbPath]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^dislike404: token .* was already revoked on .*\n$/);
  });

  it('never revokes another account’s token', async () => {
    const other = await signUp(h.app, 'other@example.com');
    const othersToken = await createToken(h.app, other, 'theirs');
    const id = /([0-9a-f-]{36})/.exec((await cli(['tokens', 'list', 'other@example.com', '--db', h.dbPath])).stdout)?.[1] ?? '';
    const attempt = await cli(['tokens', 'revoke', 'owner@example.com', id, '--db', h.dbPath]);
    expect(attempt.code).toBe(2);
    expect(attempt.stderr).toBe(`dislike404: owner@example.com has no API token "${id}" (see dislike404 tokens list owner@example.com)\n`);
    expect(await apiStatus(othersToken)).toBe(200);
  });

  it('answers one line and exit code 2 for an unknown account, an empty name, and an account without tokens', async () => {
    const unknown = await cli(['tokens', 'create', 'nobody@example.com', '--db', h.dbPath]);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'dislike404: no account for nobody@example.com (see dislike404 users list)\n' });
    const listUnknown = await cli(['tokens', 'list', 'nobody@example.com', '--db', h.dbPath]);
    expect(listUnknown.code).toBe(2);
    const badName = await cli(['tokens', 'create', 'owner@example.com', '--name', '  ', '--db', h.dbPath]);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/^dislike404: expected --name to be 1 to 100 characters/);
    const none = await cli(['tokens', 'list', 'owner@example.com', '--db', h.dbPath]);
    expect(none).toMatchObject({ code: 0, stdout: 'owner@example.com has no API tokens. Create one with `dislike404 tokens create owner@example.com`.\n' });
  });

  it.skipIf(!built)('works from a separate process while the server holds the database open', async () => {
    const { stdout } = await run(process.execPath, [bin, 'tokens', 'create', 'owner@example.com', '--db', h.dbPath], { env: { ...process.env, DISLIKE404_DB: '' } });
    expect(await apiStatus(stdout.trim())).toBe(200);
  });
});
