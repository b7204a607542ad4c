import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/dislike404.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

const sites: TestSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

function pages(n: number, broken: string): Record<string, string> {
  const routes: Record<string, string> = { '/': page(Array.from({ length: n }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('\n')) };
  for (let i = 0; i < n; i++) routes[`/p/${i}`] = page(`<a href="/">home</a> <a href="${broken}${i % 5}">x</a>`);
  return routes;
}

// `npm test` builds dist/ first (pretest); running vitest directly without a build skips this file.
describe.skipIf(!built)('two scan processes writing to one SQLite database', () => {
  it('both complete and the database holds both scans intact, readable while they ran', async () => {
    const a = await startSite(pages(40, '/gone-a/'));
    const b = await startSite(pages(40, '/gone-b/'));
    sites.push(a, b);
    const db = join(mkdtempSync(join(tmpdir(), 'dislike404-concurrent-')), 'shared.sqlite');
    const scanOf = (s: TestSite) =>
      run(process.execPath, [bin, 'scan', s.url('/'), '--db', db, '--quiet', '--format', 'json', '--retries', '0']).then(
        (r) => r.stdout,
        (e: { stdout: string }) => e.stdout,
      );
    const [ra, rb] = await Promise.all([scanOf(a), scanOf(b)]);
    const reports = [ra, rb].map((out) => JSON.parse(out) as { summary: { pagesCrawled: number; broken: number } });
    for (const r of reports) expect(r.summary).toMatchObject({ pagesCrawled: 41, broken: 5 });

    const store = await openStore(db);
    try {
      const scans = await store.latestScans(10);
      expect(scans.map((s) => s.status).sort()).toEqual(['completed', 'completed']);
      for (const scan of scans) {
        const stored = await store.getReport(scan.id);
        expect(stored.findings.filter((f) => f.status === 404)).toHaveLength(5);
      }
    } finally {
      await store.close();
    }
  }, 60_000);
});
