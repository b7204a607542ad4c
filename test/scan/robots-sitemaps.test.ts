import { gzipSync } from 'node:zlib';
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

const robots = (body: string) => ({ type: 'text/plain', body });

describe('robots.txt', () => {
  it('does not fetch disallowed internal URLs and reports them as skipped, never broken', async () => {
    const s = await site({
      '/robots.txt': robots('User-agent: *\nDisallow: /private/\nAllow: /private/open\n'),
      '/': page('<a href="/private/secret">secret</a> <a href="/private/open">open</a>'),
      '/private/open': page('open'),
    });
    const report = await runScan({ url: s.url('/') });
    expect(s.hits('/private/secret')).toBe(0);
    expect(s.hits('/private/open')).toBe(1);
    expect(finding(report, s.url('/private/secret'))).toMatchObject({ error: 'BLOCKED_BY_ROBOTS', category: 'skipped', status: null });
    expect(report.summary.broken).toBe(0);
    expect(report.summary.robots.blockedUrls).toBe(1);
  });

  it('uses the Dislike404Bot group when present instead of *', async () => {
    const s = await site({
      '/robots.txt': robots('User-agent: *\nDisallow: /\n\nUser-agent: Dislike404Bot\nDisallow: /only-this\n'),
      '/': page('<a href="/page">page</a> <a href="/only-this">x</a>'),
      '/page': page('p'),
    });
    const report = await runScan({ url: s.url('/') });
    expect(s.hits('/page')).toBe(1);
    expect(finding(report, s.url('/only-this'))?.error).toBe('BLOCKED_BY_ROBOTS');
  });

  it('treats a 5xx robots.txt as disallow-all and a 4xx as allow-all', async () => {
    const down = await site({ '/robots.txt': { status: 503 }, '/': page('<a href="/x">x</a>') });
    const report = await runScan({ url: down.url('/') });
    expect(down.hits('/', 'GET')).toBe(0);
    expect(finding(report, down.url('/'))?.error).toBe('BLOCKED_BY_ROBOTS');

    const missing = await site({ '/robots.txt': { status: 404 }, '/': page('<a href="/x">x</a>'), '/x': page('x') });
    await runScan({ url: missing.url('/') });
    expect(missing.hits('/x')).toBe(1);
  });

  it('honours Crawl-delay (capped) and reports the delay applied', async () => {
    const s = await site({
      '/robots.txt': robots('User-agent: *\nCrawl-delay: 30\n'),
      '/': page('<a href="/a">a</a>'),
      '/a': page('a'),
    });
    const report = await runScan({ url: s.url('/'), maxCrawlDelayMs: 50 });
    expect(report.summary.robots).toMatchObject({ crawlDelaySeconds: 30, appliedDelayMs: 50 });
  });

  it('--ignore-robots fetches everything', async () => {
    const s = await site({ '/robots.txt': robots('User-agent: *\nDisallow: /\n'), '/': page('<a href="/a">a</a>'), '/a': page('a') });
    const report = await runScan({ url: s.url('/'), ignoreRobots: true });
    expect(s.hits('/a')).toBe(1);
    expect(report.summary.robots.obeyed).toBe(false);
  });

  it('identifies itself as Dislike404Bot', async () => {
    const agents: string[] = [];
    const s = await site({
      '/': (req, res) => {
        agents.push(String(req.headers['user-agent']));
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<p>hi</p>');
      },
    });
    await runScan({ url: s.url('/') });
    expect(agents[0]).toMatch(/^Mozilla\/5\.0 \(compatible; Dislike404Bot\/1\.0; \+https?:\/\/.+\)$/);
  });
});

describe('sitemaps', () => {
  it('seeds the crawl from robots.txt Sitemap lines and /sitemap.xml, and remembers what they listed', async () => {
    const s = await site((o) => ({
      '/robots.txt': robots(`User-agent: *\nSitemap: ${o}/sitemap-pages.xml.gz\n`),
      '/': page('<a href="/linked">linked</a>'),
      '/linked': page('linked'),
      '/orphan': page('<a href="/orphan-broken">broken link on an orphan page</a>'),
      '/sitemap-pages.xml.gz': {
        type: 'application/gzip',
        body: gzipSync(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${o}/orphan</loc></url><url><loc>${o}/gone</loc></url></urlset>`),
      },
      '/sitemap.xml': { type: 'application/xml', body: `<sitemapindex><sitemap><loc>${o}/child.xml</loc></sitemap></sitemapindex>` },
      '/child.xml': { type: 'application/xml', body: `<urlset><url><loc>${o}/linked</loc></url></urlset>` },
    }));
    const report = await runScan({ url: s.url('/') });
    expect(s.hits('/orphan', 'GET')).toBe(1);
    expect(finding(report, s.url('/orphan-broken'))).toMatchObject({ status: 404, inSitemap: false });
    expect(finding(report, s.url('/gone'))).toMatchObject({ status: 404, inSitemap: true });
    expect(report.summary.sitemapUrls).toBe(3);
    expect(s.hits('/linked', 'GET')).toBe(1);
  });

  it('--no-sitemaps crawls from links only', async () => {
    const s = await site((o) => ({ '/': page('hi'), '/sitemap.xml': { type: 'application/xml', body: `<urlset><url><loc>${o}/orphan</loc></url></urlset>` } }));
    await runScan({ url: s.url('/'), sitemaps: false });
    expect(s.hits('/sitemap.xml')).toBe(0);
    expect(s.hits('/orphan')).toBe(0);
  });
});

describe('request identity', () => {
  it('sends --user-agent and --header values on every request', async () => {
    const seen: { ua: string | undefined; auth: string | undefined }[] = [];
    const s = await site({
      '*': (req, res) => {
        seen.push({ ua: req.headers['user-agent'], auth: req.headers.authorization });
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<a href="/next">n</a>');
      },
    });
    await runScan({ url: s.url('/'), userAgent: 'StagingChecker/2', headers: { authorization: 'Bearer t0ken' } });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((r) => r.ua === 'StagingChecker/2' && r.auth === 'Bearer t0ken')).toBe(true);
  });

  it('never shows header values in the report', async () => {
    const s = await site({ '/': page('x') });
    const report = await runScan({ url: s.url('/'), headers: { authorization: 'Bearer secret-value' } });
    expect(JSON.stringify(report)).not.toContain('secret-value');
  });
});
