import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { page, startSite, type TestSite } from '../helpers/test-site.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/dislike404.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

const sites: TestSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

// `npm test` builds dist/ first (pretest); running vitest directly without a build skips this file.
describe.skipIf(!built)('the installed `dislike404` command (compiled, parsing on worker threads)', () => {
  it('scans a site end to end and exits 1 with the broken link in the JSON report', async () => {
    const pages = Array.from({ length: 30 }, (_, i) => `/p/${i}`);
    const s = await startSite({
      '/': page(pages.map((p) => `<a href="${p}">${p}</a>`).join('\n')),
      ...Object.fromEntries(pages.map((p, i) => [p, page(`<a href="/">home</a> <a href="${i === 7 ? '/missing' : '/p/0'}">next</a>`)])),
    });
    sites.push(s);
    const env = { ...process.env, XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'dislike404-data-')) };
    const result = await run(process.execPath, [bin, 'scan', s.url('/'), '--format', 'json', '--quiet', '--parse-workers', '1'], { env }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { summary: { pagesCrawled: number }; findings: { url: string; occurrences: { page: string }[] }[] };
    expect(report.summary.pagesCrawled).toBe(31);
    expect(report.findings.map((f) => f.url)).toEqual([s.url('/missing')]);
    expect(report.findings[0]?.occurrences[0]?.page).toBe(s.url('/p/7'));
  });

  it('prints its version and help', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help']);
    expect(stdout).toContain('scan');
    expect(stdout).toContain('explain');
  });
});
