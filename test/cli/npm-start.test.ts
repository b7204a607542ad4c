import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const built = existsSync(join(root, 'dist/cli/main.js'));
const run = promisify(execFile);

/** `npm start`'s command line from package.json, with `node` as this Node binary. */
function startCommand(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = pkg.scripts.start.split(/\s+/);
  expect(program).toBe('node');
  return [process.execPath, ...args];
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// `npm test` builds dist/ first (pretest); running vitest directly without a build skips this file.
describe.skipIf(!built)('npm start', () => {
  it('serves the login page over a real socket on embedded defaults and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dislike404-npm-start-'));
    dirs.push(dir);
    const db = join(dir, 'fresh', 'dislike404.sqlite');
    const [node, ...args] = startCommand();
    // As npm runs it: from the package root. Port 0 instead of the default 4040, so a running server does not collide.
    const child = spawn(node ?? process.execPath, [...args, '--port', '0'], { cwd: root, env: { ...process.env, DISLIKE404_DB: db } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.resume();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      let base: string | undefined;
      for (let i = 0; i < 200 && base === undefined; i += 1) {
        base = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
        if (base === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(base, stderr).toBeDefined();
      // Embedded defaults: loopback only, private networks refused, a SQLite file created on demand.
      expect(stderr).not.toContain('private networks allowed');
      expect(existsSync(db)).toBe(true);

      const login = await fetch(`${base ?? ''}/login`);
      expect(login.status).toBe(200);
      expect(login.headers.get('content-type')).toMatch(/^text\/html/);
      const body = await login.text();
      expect(body).toMatch(/<form[^>]+method="post"[^>]+action="\/login"/);
      expect(body).toContain('name="password"');
      // The signed-in pages send a visitor to log in.
      expect((await fetch(`${base ?? ''}/`, { redirect: 'manual' })).status).toBe(303);

      child.kill('SIGTERM');
      const outcome = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000))]);
      expect(outcome).toEqual({ code: 0, signal: null });
      await expect(fetch(`${base ?? ''}/login`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('says in one line when the port is taken, and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dislike404-npm-start-'));
    dirs.push(dir);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const [node, ...args] = startCommand();
      const failed = await run(node ?? process.execPath, [...args, '--port', String(port)], { cwd: root, env: { ...process.env, DISLIKE404_DB: join(dir, 'db.sqlite') } }).then(
        () => null,
        (error: { code?: number; stderr?: string }) => error,
      );
      expect(failed?.code).toBe(2);
      expect(failed?.stderr?.trim().split('\n').at(-1)).toBe(`dislike404: 127.0.0.1:${port} is already in use (another dislike404 serve?); stop it or pass --port N`);
      expect(failed?.stderr).not.toContain('internal error');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('refuses a bad DISLIKE404_API_RATE_LIMIT in one line before touching the database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dislike404-npm-start-'));
    dirs.push(dir);
    const db = join(dir, 'db.sqlite');
    const [node, ...args] = startCommand();
    const failed = await run(node ?? process.execPath, [...args, '--port', '0'], { cwd: root, env: { ...process.env, DISLIKE404_DB: db, DISLIKE404_API_RATE_LIMIT: 'lots' } }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toBe('dislike404: Expected DISLIKE404_API_RATE_LIMIT to be a whole number of requests per minute (0 = no limit), got "lots"\n');
    expect(existsSync(db)).toBe(false);
  });

  it('refuses a --public-url that is not an http(s) URL', async () => {
    const [node, ...args] = startCommand();
    const failed = await run(node ?? process.execPath, [...args, '--port', '0', '--public-url', 'links.example.com'], { cwd: root }).then(
      () => null,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('expected --public-url to be an http(s) URL');
  });

  it('listens on 127.0.0.1:4040 unless told otherwise', async () => {
    const [node, ...args] = startCommand();
    const { stdout } = await run(node ?? process.execPath, [...args, '--help'], { cwd: root });
    expect(stdout).toMatch(/--port <n>\s+port to listen on \(default: "4040"\)/);
    expect(stdout).toMatch(/--host <address>\s+address to listen on \(default: "127\.0\.0\.1"\)/);
  });
});
