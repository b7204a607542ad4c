import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeLookup, finding, runScan } from '../helpers/run-scan.js';
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

describe('hostile pages and servers end as findings or limits, never a crash or a hang', () => {
  it('a server that drips one byte at a time hits the total deadline', async () => {
    const s = await site({
      '/': page('<a href="/drip">drip</a>'),
      '/drip': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => res.write('x'), 50);
        res.on('close', () => clearInterval(timer));
      },
    });
    const report = await runScan({ url: s.url('/'), timeoutMs: 400 });
    expect(finding(report, s.url('/drip'))).toMatchObject({ error: 'TIMEOUT', category: 'broken' });
  });

  it('a server that never answers is a TIMEOUT', async () => {
    const s = await site({ '/': page('<img src="/hang.png">'), '/hang.png': () => undefined });
    const report = await runScan({ url: s.url('/'), timeoutMs: 300 });
    expect(finding(report, s.url('/hang.png'))?.error).toBe('TIMEOUT');
  });

  it('a compression bomb is cut off at the body cap', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 'a'));
    const s = await site({
      '/': page('<a href="/bomb">bomb</a>'),
      '/bomb': { headers: { 'content-encoding': 'gzip' }, body: bomb },
    });
    const before = process.memoryUsage().rss;
    const report = await runScan({ url: s.url('/'), maxBodyBytes: 1024 * 1024 });
    expect(finding(report, s.url('/bomb'))).toMatchObject({ error: 'BODY_TOO_LARGE', status: 200 });
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it('50,000 links on one page are capped and reported as a limit', async () => {
    const links = Array.from({ length: 50_000 }, (_, i) => `<a href="/l/${i}">${i}</a>`).join('\n');
    const s = await site({ '/': page(links), '/l/0': page('zero') });
    const report = await runScan({ url: s.url('/'), maxLinksPerPage: 100, concurrency: 50, hostConcurrency: 50 });
    expect(report.summary.limitsHit).toContain('maxLinksPerPage');
    expect(report.summary.urlsFound).toBeLessThanOrEqual(102);
  });

  it('decodes a non-UTF-8 page by its declared charset', async () => {
    const html = Buffer.from('<html><head><meta charset="windows-1252"><title>x</title></head><body><a href="/caf\xe9-missing">caf\xe9 cr\xe8me</a></body></html>', 'latin1');
    const s = await site({ '/': { type: 'text/html', body: html } });
    const report = await runScan({ url: s.url('/') });
    const f = report.findings.find((x) => x.status === 404);
    expect(f?.url).toBe(s.url('/caf%C3%A9-missing'));
    expect(f?.occurrences[0]?.text).toBe('café crème');
  });

  it('malformed HTML still yields its links', async () => {
    const s = await site({ '/': '<html><body><div><a href=/unquoted>one<a href="/second">two</p></span><img src="/i.png"' });
    const report = await runScan({ url: s.url('/') });
    expect(report.findings.map((f) => f.url).sort()).toEqual([s.url('/second'), s.url('/unquoted')]);
  });

  it('DNS failures come back as DNS_NOT_FOUND (via an injected lookup)', async () => {
    const s = await site({ '/': page('<a href="http://no-such-host.invalid/">gone</a>') });
    const report = await runScan({ url: s.url('/'), lookup: fakeLookup() });
    expect(finding(report, 'http://no-such-host.invalid/')).toMatchObject({ error: 'DNS_NOT_FOUND', status: null, internal: false });
  });

  it('a refused connection is CONNECTION_REFUSED', async () => {
    const closed = await startSite({}, '127.0.0.3');
    const deadUrl = closed.url('/');
    await closed.close();
    const s = await site({ '/': page(`<a href="${deadUrl}">dead</a>`) });
    const report = await runScan({ url: s.url('/') });
    expect(finding(report, deadUrl)?.error).toBe('CONNECTION_REFUSED');
  });

  it('subdomains count as internal with includeSubdomains', async () => {
    const s = await site((origin) => {
      const port = new URL(origin).port;
      return {
        '/': (req, res) => {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end(req.headers.host?.startsWith('www.') ? `<a href="http://blog.site.test:${port}/post">post</a>` : 'blog home');
        },
        '/post': page('<a href="/post-child">child</a>'),
      };
    });
    const port = new URL(s.origin).port;
    const report = await runScan({ url: `http://www.site.test:${port}/`, includeSubdomains: true, lookup: fakeLookup() });
    expect(finding(report, `http://blog.site.test:${port}/post-child`)).toMatchObject({ status: 404, internal: true });
  });
});
