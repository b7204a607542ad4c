import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';

const sites: TestSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

function cli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return runCliCaptured(args, {
    // Each run gets its own data directory so tests never touch the real ~/.local/share database.
    env: { XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'dislike404-data-')), ...options.env },
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'dislike404-cli-')),
  });
}

async function brokenSite(): Promise<TestSite> {
  const s = await startSite({
    '/': page('<a href="/missing">Missing</a> <a href="/ok">ok</a>'),
    '/ok': page('<a href="/">home</a>'),
    '/clean': page('<a href="/ok">ok</a>'),
  });
  sites.push(s);
  return s;
}

describe('dislike404 scan', () => {
  it('exits 1 and prints a human summary when links are broken', async () => {
    const s = await brokenSite();
    const r = await cli(['scan', s.url('/'), '--retries', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(s.url('/missing'));
    expect(r.stdout).toMatch(/line \d+/);
    expect(r.stdout).toContain('"Missing"');
  });

  it('exits 0 when nothing is broken', async () => {
    const s = await brokenSite();
    const r = await cli(['scan', s.url('/clean'), '--include', '/clean', '--max-depth', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('writes each format to --output', async () => {
    const s = await brokenSite();
    const dir = mkdtempSync(join(tmpdir(), 'dislike404-out-'));
    for (const format of ['json', 'csv', 'markdown', 'junit', 'sarif', 'text', 'html']) {
      const file = join(dir, `report.${format}`);
      const r = await cli(['scan', s.url('/'), '--format', format, '--output', file, '--quiet']);
      expect(r.code).toBe(1);
      expect(readFileSync(file, 'utf8')).toContain('/missing');
    }
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { findings: { url: string; status: number; occurrences: unknown[] }[] };
    expect(json.findings[0]).toMatchObject({ url: s.url('/missing'), status: 404 });
  });

  it('exits 2 with one line for an invalid start URL', async () => {
    const r = await cli(['scan', 'ht!tp://nope']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^dislike404: /);
  });

  it('exits 2 with one line when the start host is unreachable', async () => {
    const closed = await startSite({});
    const url = closed.url('/');
    await closed.close();
    const r = await cli(['scan', url, '--retries', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dislike404: cannot scan .*CONNECTION_REFUSED/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('rejects bad option values naming the option', async () => {
    const r = await cli(['scan', 'http://127.0.0.1:1/', '--max-pages', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-pages');
    const t = await cli(['scan', 'http://127.0.0.1:1/', '--timeout', 'soon']);
    expect(t.stderr).toMatch(/--timeout.*duration/);
  });

  it('reads dislike404.config.json; env overrides the file and flags override env', async () => {
    const s = await brokenSite();
    const cwd = mkdtempSync(join(tmpdir(), 'dislike404-cfg-'));
    writeFileSync(join(cwd, 'dislike404.config.json'), JSON.stringify({ exclude: ['/missing'], format: 'json' }));
    const fromFile = await cli(['scan', s.url('/'), '--quiet'], { cwd });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toHaveProperty('summary');
    const fromEnv = await cli(['scan', s.url('/'), '--quiet'], { cwd, env: { DISLIKE404_FORMAT: 'csv' } });
    expect(fromEnv.stdout.split('\n')[0]).toMatch(/^url,status/);
    const fromFlag = await cli(['scan', s.url('/'), '--quiet', '--format', 'markdown'], { cwd, env: { DISLIKE404_FORMAT: 'csv' } });
    expect(fromFlag.stdout).toMatch(/^#|\n#/);
  });

  it('names an unknown config key and a bad value in one line', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dislike404-cfg-'));
    writeFileSync(join(cwd, 'dislike404.config.json'), JSON.stringify({ maxPagez: 10 }));
    const r = await cli(['scan', 'http://127.0.0.1:1/'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option "maxPagez"/);
    writeFileSync(join(cwd, 'dislike404.config.json'), JSON.stringify({ maxPages: -3 }));
    const v = await cli(['scan', 'http://127.0.0.1:1/'], { cwd });
    expect(v.stderr).toMatch(/option "maxPages": expected a positive whole number/);
    const e = await cli(['scan', 'http://127.0.0.1:1/'], { env: { DISLIKE404_CONCURRENCY: 'many' } });
    expect(e.stderr).toMatch(/DISLIKE404_CONCURRENCY/);
  });

  it('lists every option with its default in --help', async () => {
    const r = await cli(['scan', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--max-pages', '--max-depth', '--max-urls', '--max-duration', '--timeout', '--concurrency', '--host-concurrency', '--retries', '--user-agent', '--header', '--insecure', '--ignore-robots', '--no-check-external', '--no-check-fragments', '--include', '--exclude', '--format', '--output']) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('default: 50000');
  });
});

describe('dislike404 explain', () => {
  it('prints the knowledge-base entry, with the 401/403 comparison', async () => {
    const r = await cli(['explain', '401']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Unauthorized');
    expect(r.stdout).toContain('403');
    const dns = await cli(['explain', 'DNS_NOT_FOUND']);
    expect(dns.code).toBe(0);
    const bad = await cli(['explain', 'NOPE']);
    expect(bad.code).toBe(2);
  });
});

describe('severity options from the command line and config', () => {
  it('--protected-path and severityOverrides change the verdicts', async () => {
    const s = await startSite({ '/': page('<a href="/account/">account</a> <a href="/old">old</a>'), '/account/': { status: 401 } });
    sites.push(s);
    const cwd = mkdtempSync(join(tmpdir(), 'dislike404-sev-'));
    writeFileSync(join(cwd, 'dislike404.config.json'), JSON.stringify({ severityOverrides: [{ code: '404', severity: 'warning' }] }));
    const r = await cli(['scan', s.url('/'), '--protected-path', '/account/**', '--format', 'json', '--quiet'], { cwd });
    const report = JSON.parse(r.stdout) as { findings: { url: string; severity: string }[] };
    expect(report.findings.find((f) => f.url === s.url('/account/'))?.severity).toBe('notice');
    expect(report.findings.find((f) => f.url === s.url('/old'))?.severity).toBe('warning');
    expect(r.code).toBe(0);
  });
});

describe('private networks', () => {
  it('the CLI scans local sites by default but honours --no-allow-private-networks and the env switch', async () => {
    const s = await brokenSite();
    const allowed = await cli(['scan', s.url('/clean'), '--include', '/clean', '--max-depth', '0', '--quiet']);
    expect(allowed.code).toBe(0);
    const refused = await cli(['scan', s.url('/'), '--no-allow-private-networks', '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('BLOCKED_PRIVATE_ADDRESS');
    const byEnv = await cli(['scan', s.url('/'), '--quiet'], { env: { DISLIKE404_ALLOW_PRIVATE_NETWORKS: '0' } });
    expect(byEnv.stderr).toContain('BLOCKED_PRIVATE_ADDRESS');
    expect(s.requests.filter((r) => r.startsWith('GET /robots'))).toHaveLength(1);
  });
});

describe('dislike404 with no arguments', () => {
  it('prints the commands and exits 0', async () => {
    const r = await cli([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scan');
    expect(r.stdout).toContain('explain');
  });
});
