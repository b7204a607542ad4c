import { afterEach, describe, expect, it } from 'vitest';
import { finding, runScan } from '../helpers/run-scan.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';

const sites: TestSite[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
});
async function site(...args: Parameters<typeof startSite>): Promise<TestSite> {
  const s = await startSite(...args);
  sites.push(s);
  return s;
}

/** /p/0 → /p/1 → … a chain of pages, each also linking to a missing image. */
function chainSite(n: number): Record<string, string> {
  const routes: Record<string, string> = { '/': page('<a href="/p/0">start</a>') };
  for (let i = 0; i < n; i++) routes[`/p/${i}`] = page(`<a href="/p/${i + 1}">next</a><img src="/img/${i}.png">`);
  return routes;
}

describe('limits', () => {
  it('--max-pages stops crawling and says so', async () => {
    const s = await site(chainSite(20));
    const report = await runScan({ url: s.url('/'), maxPages: 5 });
    expect(report.summary.pagesCrawled).toBe(5);
    expect(report.summary.limitsHit).toContain('maxPages');
  });

  it('--max-depth stops following links deeper than n', async () => {
    const s = await site(chainSite(20));
    const report = await runScan({ url: s.url('/'), maxDepth: 2 });
    expect(report.summary.pagesCrawled).toBe(3);
    expect(report.summary.limitsHit).toContain('maxDepth');
    expect(s.hits('/p/3')).toBe(0);
  });

  it('--max-urls caps the URLs discovered', async () => {
    const s = await site(chainSite(20));
    const report = await runScan({ url: s.url('/'), maxUrls: 6 });
    expect(report.summary.urlsFound).toBe(6);
    expect(report.summary.limitsHit).toContain('maxUrls');
  });

  it('--max-duration ends the scan cleanly with a report', async () => {
    const s = await site({
      '/': page(Array.from({ length: 30 }, (_, i) => `<a href="/slow/${i}">s</a>`).join('')),
      ...Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [
          `/slow/${i}`,
          (_req: unknown, res: import('node:http').ServerResponse) => setTimeout(() => res.end('late'), 2000),
        ]),
      ),
    });
    const report = await runScan({ url: s.url('/'), maxDurationMs: 300, hostConcurrency: 2 });
    expect(report.summary.limitsHit).toContain('maxDuration');
    expect(report.findings.some((f) => f.error === 'LIMIT_REACHED' && f.category === 'skipped')).toBe(true);
  });

  it('abort() stops the scan and still resolves the report', async () => {
    const { scan } = await import('../../src/crawl/scan.js');
    const s = await site(chainSite(50));
    const handle = scan({ url: s.url('/'), hostConcurrency: 1 });
    setTimeout(() => handle.abort(), 30);
    const report = await handle.report;
    expect(report.summary.limitsHit).toContain('aborted');
  });
});

describe('scope', () => {
  it('--exclude neither crawls nor checks matching URLs; --include limits what is crawled', async () => {
    const s = await site({
      '/': page('<a href="/blog/a">a</a> <a href="/shop/b">b</a> <a href="/admin/x">x</a>'),
      '/blog/a': page('<a href="/blog/deep">deep</a>'),
      '/blog/deep': page('deep'),
      '/shop/b': page('<a href="/shop/deep">deep</a>'),
    });
    const report = await runScan({ url: s.url('/'), exclude: ['/admin/**'], include: ['/', '/blog/**'] });
    expect(s.hits('/admin/x')).toBe(0);
    expect(s.hits('/blog/deep')).toBe(1);
    expect(s.hits('/shop/b')).toBe(1); // checked...
    expect(s.hits('/shop/deep')).toBe(0); // ...but not crawled
    expect(finding(report, s.url('/admin/x'))).toBeUndefined();
  });

  it('accepts /regex/ patterns', async () => {
    const s = await site({ '/': page('<a href="/a.pdf">pdf</a> <a href="/b">b</a>') });
    await runScan({ url: s.url('/'), exclude: ['/\\.pdf$/i'] });
    expect(s.hits('/a.pdf')).toBe(0);
    expect(s.hits('/b')).toBe(1);
  });

  it('does not check external links with checkExternal false', async () => {
    const external = await site({}, '127.0.0.2');
    const s = await site({ '/': page(`<a href="${external.url('/x')}">x</a>`) });
    const report = await runScan({ url: s.url('/'), checkExternal: false });
    expect(external.requests).toEqual([]);
    expect(report.findings).toEqual([]);
  });
});
