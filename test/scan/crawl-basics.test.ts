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

describe('crawling a site', () => {
  it('crawls internal pages recursively and reports each broken URL with every place it appears', async () => {
    const external = await site({ '/ok': page('fine'), '/gone': { status: 410 } }, '127.0.0.2');
    const s = await site({
      '/': page(`<nav><a href="/about">About us</a> <a href="/missing">Missing page</a></nav>
<img src="/logo.png" alt="Our logo">
<a href="${external.url('/ok')}">partner</a>
<a href="${external.url('/gone')}">old partner</a>`),
      '/about': page(`<p>About</p>\n<a href="/missing">  broken
 again </a>\n<a href="/">home</a>`),
      '/logo.png': { type: 'image/png', body: 'png' },
    });

    const report = await runScan({ url: s.url('/') });

    expect(report.summary.pagesCrawled).toBe(2);
    const missing = finding(report, s.url('/missing'));
    expect(missing).toMatchObject({ status: 404, error: null, internal: true, category: 'broken', severity: 'error' });
    expect(missing?.occurrences).toEqual(
      expect.arrayContaining([
        { page: s.url('/'), element: 'a', attribute: 'href', text: 'Missing page', line: 4 },
        { page: s.url('/about'), element: 'a', attribute: 'href', text: 'broken again', line: 5 },
      ]),
    );
    expect(missing?.occurrenceCount).toBe(2);
    expect(finding(report, external.url('/gone'))).toMatchObject({ status: 410, internal: false, category: 'broken' });
    // Successes are not findings unless asked for.
    expect(finding(report, external.url('/ok'))).toBeUndefined();
    expect(finding(report, s.url('/logo.png'))).toBeUndefined();
    expect(report.summary.urlsChecked).toBeGreaterThanOrEqual(6);
  });

  it('checks every unique URL exactly once however many pages link to it', async () => {
    const external = await site({ '/shared': page('x') }, '127.0.0.2');
    const links = `<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a><a href="${external.url('/shared')}">x</a><img src="/img.png"><a href="/a#top">a</a><a href="/a?">a?</a>`;
    const s = await site({
      '/': page(links),
      '/a': page(links),
      '/b': page(links),
      '/c': page(links),
      '/img.png': { type: 'image/png', body: 'x' },
    });
    const report = await runScan({ url: s.url('/') });
    expect(report.summary.pagesCrawled).toBeGreaterThanOrEqual(4);
    for (const path of ['/', '/a', '/b', '/c']) expect(s.hits(path, 'GET')).toBe(1);
    expect(s.requests.filter((r) => r.endsWith(' /img.png'))).toEqual(['HEAD /img.png']);
    expect(external.requests).toEqual(['HEAD /shared']);
  });

  it('fetches internal pages once with GET and uses that response for both the check and the links', async () => {
    const s = await site({ '/': page('<a href="/next">n</a>'), '/next': page('<a href="/">home</a>') });
    await runScan({ url: s.url('/') });
    expect(s.requests.filter((r) => !r.includes('robots') && !r.includes('sitemap') && !r.includes('probe'))).toEqual(['GET /', 'GET /next']);
  });

  it('falls back to GET when HEAD fails in any way', async () => {
    const external = await site(
      {
        '/head-405': (req, res) => {
          res.writeHead(req.method === 'HEAD' ? 405 : 200, { 'content-type': 'text/html' });
          res.end();
        },
        '/head-404': (req, res) => {
          res.writeHead(req.method === 'HEAD' ? 404 : 200, { 'content-type': 'text/html' });
          res.end();
        },
      },
      '127.0.0.2',
    );
    const s = await site({ '/': page(`<a href="${external.url('/head-405')}">a</a><a href="${external.url('/head-404')}">b</a>`) });
    const report = await runScan({ url: s.url('/'), includeSuccesses: true });
    expect(finding(report, external.url('/head-405'))).toMatchObject({ status: 200, method: 'GET', category: 'ok' });
    expect(finding(report, external.url('/head-404'))).toMatchObject({ status: 200, method: 'GET', category: 'ok' });
    expect(external.requests).toEqual(expect.arrayContaining(['HEAD /head-405', 'GET /head-405']));
  });

  it('does not fetch javascript:, tel: or valid mailto: links, and reports malformed ones', async () => {
    const s = await site({
      '/': page(`<a href="javascript:void(0)">js</a> <a href="tel:+123">call</a> <a href="mailto:info@example.com">mail</a>
<a href="mailto:not an address">bad mail</a> <a href="file:///C:/site/index.html">local file</a>
<a href="http://exa mple.com/">bad url</a> <img src="data:image/png;base64,@@@" alt="bad data">`),
    });
    const report = await runScan({ url: s.url('/') });
    expect(report.findings.map((f) => f.error).sort()).toEqual(['INVALID_DATA_URL', 'INVALID_MAILTO', 'INVALID_URL', 'UNSUPPORTED_SCHEME']);
    expect(report.findings.find((f) => f.error === 'INVALID_URL')?.url).toBe('http://exa mple.com/');
    expect(report.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(s.requests.some((r) => r.includes('javascript') || r.includes('tel'))).toBe(false);
  });

  it('parses linked internal stylesheets and resolves their url()s against the CSS file', async () => {
    const s = await site({
      '/': page('<link rel="stylesheet" href="/css/site.css"><div style="background:url(\'/inline.png\')">x</div>'),
      '/css/site.css': { type: 'text/css', body: "@import 'print.css';\nbody { background: url(../img/bg.png) }\n" },
      '/css/print.css': { type: 'text/css', body: '.x { background: url("icons/missing.svg") }' },
      '/img/bg.png': { type: 'image/png', body: 'x' },
    });
    const report = await runScan({ url: s.url('/') });
    expect(s.hits('/img/bg.png')).toBe(1);
    const missing = finding(report, s.url('/css/icons/missing.svg'));
    expect(missing?.occurrences[0]).toMatchObject({ page: s.url('/css/print.css'), line: 1 });
    expect(finding(report, s.url('/inline.png'))?.occurrences[0]).toMatchObject({ element: 'div', attribute: 'url()' });
  });

  it('treats another loopback address as external: checks it but never crawls it', async () => {
    const external = await site({ '/': page('<a href="/deeper">deeper</a>') }, '127.0.0.2');
    const s = await site({ '/': page(`<a href="${external.url('/')}">other site</a>`) });
    await runScan({ url: s.url('/') });
    expect(external.requests.some((r) => r.includes('/deeper'))).toBe(false);
  });

  it('emits typed events: started, checked, page, progress, finding and done with the report', async () => {
    const s = await site({ '/': page('<a href="/missing">m</a>') });
    const report = await runScan({ url: s.url('/') });
    const types = new Set(report.events.map((e) => e.type));
    for (const t of ['started', 'checked', 'page', 'progress', 'finding', 'done']) expect(types).toContain(t);
    expect(report.events.at(-1)?.type).toBe('done');
  });
});
