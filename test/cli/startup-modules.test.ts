import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/dislike404.js');
const built = existsSync(join(root, 'dist/cli/main.js'));
const run = promisify(execFile);

// A module loader hook that names every module the CLI loads on stderr, one `LOADED <url>` line each.
const HOOKS = `import { writeSync } from 'node:fs';
export async function load(url, context, next) { writeSync(2, 'LOADED ' + url + '\\n'); return next(url, context); }`;
const REGISTER = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** Runs the built CLI and returns the modules it loaded, as paths under dist/ or node_modules/. */
async function loadedModules(args: string[]): Promise<string[]> {
  const result = await run(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, bin, ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  }).catch((error: { code?: number; stdout: string; stderr: string }) => error);
  const modules = result.stderr
    .split('\n')
    .filter((line) => line.startsWith('LOADED file://'))
    .map((line) => fileURLToPath(line.slice('LOADED '.length)))
    .map((path) => path.replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/dist\//, 'dist/'));
  // The hook must have seen the CLI itself, or an empty list would pass every check below.
  expect(modules).toContain('dist/cli/program.js');
  return modules;
}

/** What a scan must not pay for: the web app, mail, schedules, the database drivers. */
const NOT_FOR_SCAN = [
  /^dist\/server\//,
  /^dist\/notify\//,
  /^dist\/schedule\//,
  /^dist\/store\/(sqlite|postgres|sql-|migrations|open-accounts)/,
  /^dist\/cli\/commands\/(alerts|monitor|serve|users|tokens|sites|schedule|report|diff|history|blacklist)-command\.js$/,
  /^node_modules\/(fastify|@fastify|nodemailer|croner|kysely|better-sqlite3|pg)\//,
];

function offenders(modules: string[], patterns: RegExp[]): string[] {
  return modules.filter((path) => patterns.some((pattern) => pattern.test(path)));
}

describe.skipIf(!built)('start-up module graph of the built CLI', () => {
  let server: Server;
  let origin = '';
  beforeAll(async () => {
    // Two pages and nothing else: no robots.txt, no sitemap.
    server = createServer((req, res) => {
      const page = req.url === '/' ? '<a href="/about">about</a>' : req.url === '/about' ? '<a href="/">home</a>' : null;
      res.writeHead(page === null ? 404 : 200, { 'content-type': 'text/html' });
      res.end(page === null ? 'not found' : `<!doctype html><title>t</title>${page}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('--version and scan --help load neither the engine nor any other command', async () => {
    for (const args of [['--version'], ['scan', '--help']]) {
      const modules = await loadedModules(args);
      expect(offenders(modules, [...NOT_FOR_SCAN, /^dist\/(crawl\/scan\.js|http\/|extract\/)/, /^node_modules\/(undici|log-update|htmlparser2)\//])).toEqual([]);
      // The format names come from their own module, not from the renderers and the knowledge base.
      expect(offenders(modules, [/^dist\/report\/(?!report-formats\.js$)/, /^dist\/classify\//])).toEqual([]);
    }
  });

  it('scan --no-store --quiet of a site without a sitemap loads only what scanning needs', async () => {
    const modules = await loadedModules(['scan', `${origin}/`, '--no-store', '--quiet', '--format', 'json']);
    expect(modules).toContain('dist/crawl/scan.js');
    // No recording, no progress display, and no XML parser without a sitemap.
    const extra = [/^dist\/cli\/scan-recording\.js$/, /^node_modules\/(log-update|htmlparser2)\//];
    expect(offenders(modules, [...NOT_FOR_SCAN, ...extra])).toEqual([]);
    // undici's Agent alone, not the package's index with fetch, WebSocket, caches and cookies (the
    // hook sees only what ESM imports; the CommonJS files those require do not show).
    expect(modules).toContain('node_modules/undici/lib/dispatcher/agent.js');
    expect(modules).not.toContain('node_modules/undici/index.js');
    // A JSON report is streamed by its own writer: none of the other renderers load.
    expect(modules).toContain('dist/report/json-report-chunks.js');
    expect(offenders(modules, [/^dist\/report\/(render-report|text-report|html-report|csv-report|markdown-report|junit-report|sarif-report)\.js$/])).toEqual([]);
  });
});
