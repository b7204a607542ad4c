import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';

const sites: TestSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

function cliWith(db: string) {
  return (args: string[]) => runCliCaptured([...args, '--db', db], { cwd: tmpdir() });
}

describe('scan → history → blacklist → rescan → diff, end to end on one database', () => {
  it('remembers scans, suppresses blacklisted findings, and diffs new / fixed / still broken', async () => {
    let version = 1;
    const s = await startSite({
      '/': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page(version === 1 ? '<a href="/old-broken">a</a> <a href="/ads/tracker">ad</a>' : '<a href="/new-broken">b</a> <a href="/ads/tracker">ad</a>'));
      },
    });
    sites.push(s);
    const cli = cliWith(join(mkdtempSync(join(tmpdir(), 'dislike404-flow-')), 'flow.sqlite'));

    const first = await cli(['scan', s.url('/'), '--quiet', '--format', 'json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);

    const history = await cli(['history', s.url('/')]);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('completed');

    const rule = await cli(['blacklist', 'add', s.url('/'), '/ads/**', '--kind', 'glob', '--note', 'third-party ads']);
    expect(rule.code).toBe(0);
    const badRule = await cli(['blacklist', 'add', s.url('/'), '/(unclosed/', '--kind', 'regex']);
    expect(badRule.code).toBe(2);
    expect(badRule.stderr.trim().split('\n')).toHaveLength(1);

    version = 2;
    const second = await cli(['scan', s.url('/'), '--quiet', '--format', 'json']);
    const report = JSON.parse(second.stdout) as { summary: { suppressed: number }; findings: { url: string; suppressedBy: unknown }[] };
    expect(report.summary.suppressed).toBe(1);
    expect(report.findings.find((f) => f.url === s.url('/ads/tracker'))?.suppressedBy).toMatchObject({ pattern: '/ads/**' });
    const text = await cli(['scan', s.url('/'), '--quiet']);
    expect(text.stdout).not.toContain('/ads/tracker');
    expect(text.stdout).toMatch(/suppressed/);

    const diff = await cli(['diff', '--site', s.url('/'), '--format', 'json']);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('/new-broken');

    const sitesList = await cli(['sites', 'list']);
    expect(sitesList.stdout).toContain(s.url('/'));
  });
});
