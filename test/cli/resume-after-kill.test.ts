import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { page, startSite, type Route, type TestSite } from '../helpers/test-site.js';

const bin = fileURLToPath(new URL('../../bin/dislike404.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));
const PAGES = 60;

const sites: TestSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});

/** A site slow enough to kill mid-way: every page takes a moment and links to a few broken URLs. */
function slowSite(): Record<string, Route> {
  const routes: Record<string, Route> = {
    '/': page(Array.from({ length: PAGES }, (_, i) => `<a href="/p/${i}">page ${i}</a>`).join('\n')),
  };
  for (let i = 0; i < PAGES; i++) {
    routes[`/p/${i}`] = (_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(
          page(
            `<h2 id="sec">Section</h2>\n<a href="/">home</a>\n<a href="/missing/${i % 7}">broken ${i % 7}</a>\n<img src="/img/${i}.png" alt="figure ${i}">\n` +
              `<a href="/p/${(i + 1) % PAGES}#sec">next section</a> <a href="/p/${(i + 3) % PAGES}#gone-${i % 3}">stale anchor</a>`,
          ),
        );
      }, 40);
    };
  }
  for (let i = 0; i < PAGES; i += 2) routes[`/img/${i}.png`] = { type: 'image/png', body: 'png' };
  return routes;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): { done: Promise<{ code: number | null; stdout: string; stderr: string }>; kill: () => void } {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { done, kill: () => child.kill('SIGKILL') };
}

interface JsonReport {
  findings: { url: string; status: number | null; error: string | null; occurrenceCount: number; occurrences: { page: string; line: number }[] }[];
  summary: { pagesCrawled: number };
}

function comparable(report: JsonReport, origin: string): string[] {
  return report.findings
    .map((f) => `${f.url.replace(origin, '')} ${f.status} ${f.error} ${f.occurrenceCount} ${f.occurrences.map((o) => `${o.page.replace(origin, '')}:${o.line}`).sort().join(',')}`)
    .sort();
}

describe.skipIf(!built)('a scan killed mid-way (SIGKILL) and resumed', () => {
  it('ends with the same findings as an uninterrupted scan, without fetching checked URLs again', async () => {
    const reference = await startSite(slowSite());
    const victim = await startSite(slowSite());
    sites.push(reference, victim);
    const dir = mkdtempSync(join(tmpdir(), 'dislike404-resume-'));
    const common = ['--format', 'json', '--quiet', '--host-concurrency', '2', '--retries', '0', '--parse-workers', '0'];

    const uninterrupted = await runCli(['scan', reference.url('/'), '--db', join(dir, 'reference.sqlite'), ...common], {}).done;
    const expected = JSON.parse(uninterrupted.stdout) as JsonReport;
    expect(expected.summary.pagesCrawled).toBe(PAGES + 1);
    expect(expected.findings.filter((f) => f.error === 'FRAGMENT_NOT_FOUND')).toHaveLength(PAGES);

    const db = join(dir, 'victim.sqlite');
    const first = runCli(['scan', victim.url('/'), '--db', db, ...common], {});
    // Kill once a checkpoint holds a good part of the site (but not all of it). Open the database
    // only after the scan created it, so the test never races the child's migration.
    for (let i = 0; i < 200 && !existsSync(db); i++) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 100));
    const store = await openStore(db);
    let scanId: string | null = null;
    for (let i = 0; i < 300 && scanId === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const [latest] = await store.latestScans(1);
      if (latest && latest.counters.urlsChecked >= 25) scanId = latest.id;
    }
    first.kill();
    const killed = await first.done;
    expect(killed.code).toBeNull();
    expect(scanId).not.toBeNull();
    const checkpoint = await store.loadCheckpoint(scanId as string);
    await store.close();
    const checkedBeforeKill = checkpoint.entries.filter((e) => e.state === 'done').map((e) => new URL(e.url).pathname);
    expect(checkedBeforeKill.length).toBeGreaterThan(10);
    const requestsBeforeKill = victim.requests.length;

    const resumed = await runCli(['scan', victim.url('/'), '--db', db, '--resume', scanId as string, ...common], {}).done;
    expect(resumed.stderr).toBe('');
    const report = JSON.parse(resumed.stdout) as JsonReport;
    expect(comparable(report, victim.origin)).toEqual(comparable(expected, reference.origin));
    expect(report.summary.pagesCrawled).toBe(PAGES + 1);

    const afterResume = victim.requests.slice(requestsBeforeKill).map((r) => r.split(' ')[1]);
    for (const path of checkedBeforeKill) expect(afterResume).not.toContain(path);
  }, 60_000);
});
