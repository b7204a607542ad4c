import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { signUp, startHarness, type Browser, type Harness } from '../server/server-harness.js';

const cli = (args: string[]) => runCliCaptured(args, { cwd: process.cwd() });

let h: Harness;
let alice: Browser;
beforeEach(async () => {
  h = await startHarness();
  alice = await signUp(h.app, 'alice@example.com');
});
afterEach(() => h.close());

const dashboard = async (browser: Browser): Promise<string> => (await h.app.inject({ method: 'GET', url: '/', headers: { cookie: browser.cookie } })).body;

describe('dislike404 sites add --owner', () => {
  it('adds a site the owner sees on their dashboard while the server runs, and no one else does', async () => {
    const bob = await signUp(h.app, 'bob@example.com');
    const added = await cli(['sites', 'add', 'shop.example/catalog#top', '--owner', 'Alice@Example.com', '--name', 'Shop', '--db', h.dbPath]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^Added site [0-9a-f]{8} https:\/\/shop\.example\/catalog \(Shop\) for alice@example\.com\n$/);
    const [site] = await h.store.listSites({ owner: (await h.accounts.getUserByEmail('alice@example.com'))?.id ?? '' });
    expect(site).toMatchObject({ url: 'https://shop.example/catalog', name: 'Shop' });
    expect(await dashboard(alice)).toContain('https://shop.example/catalog');
    expect(await dashboard(bob)).not.toContain('shop.example');
    // Its own site page answers for the owner: the CLI wrote the same row the web form would.
    expect((await h.app.inject({ method: 'GET', url: `/sites/${site?.id ?? ''}`, headers: { cookie: alice.cookie } })).statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: `/sites/${site?.id ?? ''}`, headers: { cookie: bob.cookie } })).statusCode).toBe(404);
  });

  it('refuses a duplicate for the same owner but not the same URL for another owner or as a CLI site', async () => {
    await signUp(h.app, 'bob@example.com');
    expect((await cli(['sites', 'add', 'https://shop.example/', '--owner', 'alice@example.com', '--db', h.dbPath])).code).toBe(0);
    const duplicate = await cli(['sites', 'add', 'shop.example', '--owner', 'alice@example.com', '--db', h.dbPath]);
    expect(duplicate).toEqual({ code: 2, stdout: '', stderr: 'dislike404: alice@example.com already has a site for https://shop.example/\n' });
    expect((await cli(['sites', 'add', 'https://shop.example/', '--owner', 'bob@example.com', '--db', h.dbPath])).code).toBe(0);
    expect((await cli(['sites', 'add', 'https://shop.example/', '--db', h.dbPath])).code).toBe(0);
    expect((await h.store.listSites()).map((s) => s.url)).toEqual(['https://shop.example/', 'https://shop.example/', 'https://shop.example/']);
  });

  it('answers one line and exit code 2 for an unknown owner or a URL the web app would refuse', async () => {
    const unknown = await cli(['sites', 'add', 'https://shop.example/', '--owner', 'nobody@example.com', '--db', h.dbPath]);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: 'dislike404: no account for nobody@example.com (see dislike404 users list)\n' });
    const ftp = await cli(['sites', 'add', 'ftp://files.example/', '--owner', 'alice@example.com', '--db', h.dbPath]);
    expect(ftp).toEqual({ code: 2, stdout: '', stderr: 'dislike404: only http and https sites can be scanned, got ftp:\n' });
    const credentials = await cli(['sites', 'add', 'https://me:secret@shop.example/', '--owner', 'alice@example.com', '--db', h.dbPath]);
    expect(credentials.code).toBe(2);
    expect(credentials.stderr).toBe('dislike404: the URL must not contain a user name or password\n');
    const garbage = await cli(['sites', 'add', 'http://', '--owner', 'alice@example.com', '--db', h.dbPath]);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toMatch(/^dislike404: expected a URL such as https:\/\/example\.com, got "http:\/\/"\n$/);
    expect(await h.store.listSites()).toEqual([]);
  });
});
