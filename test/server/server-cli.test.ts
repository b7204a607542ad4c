import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runServe } from '../../src/cli/commands/serve-command.js';
import { runUsersAdd, runUsersList } from '../../src/cli/commands/users-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { startMailSink } from '../notify/receivers.js';

let dir: string;
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'dislike404-server-cli-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

function io(signal?: AbortSignal, env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  return { stdout, stderr, stdoutIsTTY: false, stderrIsTTY: false, env, cwd: dir, ...(signal ? { signal } : {}), out: () => out, err: () => err };
}

it('users add reads the password from stdin, refuses duplicates, and users list shows the account', async () => {
  const db = join(dir, 'app.sqlite');
  const first = io();
  expect(await runUsersAdd('Op@Example.com', { db, passwordStdin: true, admin: true }, first, Readable.from(['a long operator password\n']))).toBe(0);
  expect(first.out()).toMatch(/op@example\.com {2}admin/);
  const again = io();
  expect(await runUsersAdd('op@example.com', { db, passwordStdin: true }, again, Readable.from(['another long password\n']))).toBe(2);
  expect(again.err()).toContain('already exists');
  const list = io();
  expect(await runUsersList({ db }, list)).toBe(0);
  expect(list.out()).toContain('op@example.com');
});

it('serve listens until aborted and answers the API', async () => {
  const controller = new AbortController();
  const cli = io(controller.signal);
  const running = runServe({ port: '0', host: '127.0.0.1', db: join(dir, 'serve.sqlite') }, cli);
  let address = '';
  for (let i = 0; i < 100 && address === ''; i += 1) {
    address = /serving on (\S+)/.exec(cli.err())?.[1] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const response = await fetch(`${address}/api/v1/urls`);
  expect(response.status).toBe(401);
  expect(cli.err().match(/password reset by email is disabled/g)).toHaveLength(1);
  controller.abort();
  expect(await running).toBe(0);
});

async function waitForAddress(cli: { err: () => string }): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const address = /serving on (\S+)/.exec(cli.err())?.[1];
    if (address !== undefined) return address;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('serve did not start');
}

it('serve sends password-reset emails through the configured SMTP server', async () => {
  const sink = await startMailSink();
  const db = join(dir, 'serve.sqlite');
  expect(await runUsersAdd('op@example.com', { db, passwordStdin: true }, io(), Readable.from(['a long operator password\n']))).toBe(0);
  const controller = new AbortController();
  const env = { DISLIKE404_SMTP_HOST: '127.0.0.1', DISLIKE404_SMTP_PORT: String(sink.port), DISLIKE404_SMTP_SECURE: 'none', DISLIKE404_SMTP_FROM: 'accounts@example.test' };
  const cli = io(controller.signal, env);
  const running = runServe({ port: '0', host: '127.0.0.1', db }, cli);
  try {
    const address = await waitForAddress(cli);
    expect(cli.err()).not.toContain('password reset by email is disabled');
    const form = await fetch(`${address}/forgot-password`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const cookie = (form.headers.getSetCookie().find((c) => c.startsWith('d404_csrf=')) ?? '').split(';')[0] ?? '';
    const sent = await fetch(`${address}/forgot-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ email: 'op@example.com', _csrf: csrf }).toString(),
    });
    expect(sent.status).toBe(200);
    expect(sink.recipients).toEqual([['op@example.com']]);
    expect(sink.mails[0]?.subject).toBe('Reset your dislike404 password');
    expect(sink.mails[0]?.from?.text).toBe('accounts@example.test');
    expect(sink.mails[0]?.text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/reset-password\?token=/);
  } finally {
    controller.abort();
    expect(await running).toBe(0);
    await sink.close();
  }
});
