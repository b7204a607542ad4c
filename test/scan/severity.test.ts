import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import { finding, runScan } from '../helpers/run-scan.js';
import { page, startSite, type TestSite } from '../helpers/test-site.js';

const sites: TestSite[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(sites.splice(0).map((s) => s.close()));
  for (const close of closers.splice(0)) close();
});
async function site(...args: Parameters<typeof startSite>): Promise<TestSite> {
  const s = await startSite(...args);
  sites.push(s);
  return s;
}
const status = (code: number, headers: Record<string, string> = {}) => ({ status: code, headers, body: '' });

describe('severity from context: 401/403', () => {
  it('is an error when the page is in the sitemap or linked from navigation on many pages', async () => {
    const nav = '<nav><a href="/members">Members</a></nav>';
    const s = await site((o) => ({
      '/': page(`${nav}<a href="/a">a</a><a href="/b">b</a>`),
      '/a': page(nav),
      '/b': page(nav),
      '/members': status(403),
      '/pricing': status(401),
      '/sitemap.xml': { type: 'application/xml', body: `<urlset><url><loc>${o}/pricing</loc></url></urlset>` },
    }));
    const report = await runScan({ url: s.url('/') });
    const members = finding(report, s.url('/members'));
    expect(members).toMatchObject({ severity: 'error', title: '403 Forbidden' });
    expect(members?.reason).toMatch(/requires login.*3 of your pages link to it/);
    expect(finding(report, s.url('/pricing'))).toMatchObject({ severity: 'error', inSitemap: true });
    expect(finding(report, s.url('/pricing'))?.reason).toMatch(/sitemap lists it/);
  });

  it('is a notice under a protected path or a path robots.txt disallows', async () => {
    const s = await site({
      '/robots.txt': { type: 'text/plain', body: 'User-agent: *\nDisallow: /admin/\n' },
      '/': page('<a href="/account/settings">settings</a> <a href="/admin/">admin</a>'),
      '/account/settings': status(401),
      '/admin/': status(403),
    });
    const report = await runScan({ url: s.url('/'), protectedPaths: ['/account/**'], ignoreRobots: true });
    expect(finding(report, s.url('/account/settings'))).toMatchObject({ severity: 'notice' });
    expect(finding(report, s.url('/account/settings'))?.reason).toMatch(/Expected/);
    expect(finding(report, s.url('/admin/'))).toMatchObject({ severity: 'notice' });
  });

  it('is at most a warning on an external URL', async () => {
    const external = await site({ '/private': status(401), '/forbidden': status(403) }, '127.0.0.2');
    const s = await site({ '/': page(`<a href="${external.url('/private')}">p</a><a href="${external.url('/forbidden')}">f</a>`) });
    const report = await runScan({ url: s.url('/') });
    expect(finding(report, external.url('/private'))?.severity).toBe('notice');
    expect(finding(report, external.url('/forbidden'))?.severity).toBe('warning');
  });
});

describe('severity from context: bot protection and soft 404s', () => {
  it('reports a bot challenge or LinkedIn 999 as "check manually", not broken', async () => {
    const external = await site({ '/cf': status(403, { 'cf-mitigated': 'challenge', server: 'cloudflare' }), '/in': status(999) }, '127.0.0.2');
    const s = await site({ '/': page(`<a href="${external.url('/cf')}">cf</a><a href="${external.url('/in')}">in</a>`) });
    const report = await runScan({ url: s.url('/') });
    for (const path of ['/cf', '/in']) {
      const f = finding(report, external.url(path));
      expect(f).toMatchObject({ error: 'BOT_PROTECTION', category: 'blocked', severity: 'notice' });
      expect(f?.reason).toMatch(/check it manually/);
    }
    expect(report.summary.broken).toBe(0);
  });

  it('detects a 200 page whose title says not found, and pages matching the site\'s own not-found page', async () => {
    const s = await site({
      '/': page('<a href="/gone-product">product</a> <a href="/old-post">post</a> <a href="/real">real</a> <a href="/other">other</a>'),
      '/gone-product': page('<h1>Sorry</h1>', 'Page not found | Acme'),
      '/real': page('<h1>Real content</h1>', 'Real'),
      '/other': page('<h1>Other content</h1>', 'Other'),
      // Every unknown path answers 200 with the same "oops" template: a soft-404 site.
      '*': page('<h1>Oops, we lost that one</h1>', 'Acme Corp – Oops'),
    });
    const report = await runScan({ url: s.url('/') });
    expect(finding(report, s.url('/gone-product'))).toMatchObject({ error: 'SOFT_404', status: 200, severity: 'warning' });
    expect(finding(report, s.url('/old-post'))).toMatchObject({ error: 'SOFT_404', status: 200, severity: 'warning' });
    expect(finding(report, s.url('/real'))).toBeUndefined();
  });

  it('does not call every page a soft 404 when a single-page app serves one shell everywhere', async () => {
    const shell = page('<div id="app"></div><a href="/a">a</a><a href="/b">b</a>', 'My App');
    const s = await site({ '*': shell });
    const report = await runScan({ url: s.url('/') });
    expect(report.findings.filter((f) => f.error === 'SOFT_404')).toEqual([]);
  });
});

describe('severity from context: redirects', () => {
  it('a permanent internal redirect is a notice naming the URL to link to instead', async () => {
    const s = await site({ '/': page('<a href="/old">old</a>'), '/old': status(301, { location: '/new' }), '/new': page('new') });
    const f = finding(await runScan({ url: s.url('/') }), s.url('/old'));
    expect(f).toMatchObject({ severity: 'notice', category: 'redirected', title: '301 Moved Permanently' });
    expect(f?.advice).toContain(s.url('/new'));
    expect(f?.reason).toContain(s.url('/new'));
  });

  it('a chain longer than 3 hops is a warning; a redirect ending in an error takes that error\'s severity', async () => {
    const s = await site({
      '/': page('<a href="/r1">long</a> <a href="/to-404">dead end</a>'),
      '/r1': status(301, { location: '/r2' }),
      '/r2': status(302, { location: '/r3' }),
      '/r3': status(302, { location: '/r4' }),
      '/r4': status(301, { location: '/end' }),
      '/end': page('end'),
      '/to-404': status(301, { location: '/nowhere' }),
    });
    const report = await runScan({ url: s.url('/') });
    expect(finding(report, s.url('/r1'))).toMatchObject({ severity: 'warning', category: 'redirected' });
    expect(finding(report, s.url('/to-404'))).toMatchObject({ severity: 'error', status: 404, category: 'broken' });
  });

  it('an https → http downgrade is a warning', async () => {
    const plain = await site({ '/landing': page('plain') }, '127.0.0.2');
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], { keySize: 2048 });
    const tls = createHttpsServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page('<a href="/moved">moved</a>'));
      } else if (req.url === '/moved') {
        res.writeHead(301, { location: plain.url('/landing') });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      tls.closeAllConnections();
      tls.close();
    });
    const origin = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
    const report = await runScan({ url: `${origin}/`, insecure: true });
    const f = finding(report, `${origin}/moved`);
    expect(f).toMatchObject({ severity: 'warning', category: 'redirected' });
    expect(f?.reason).toMatch(/https to plain http/);
  });
});

describe('severity from context: broken links', () => {
  it('internal broken is an error; external 404/410 error; external 5xx and timeouts warnings', async () => {
    const external = await site({ '/404': status(404), '/410': status(410), '/500': status(500), '/slow': () => undefined }, '127.0.0.2');
    const s = await site({
      '/': page(['/404', '/410', '/500', '/slow'].map((p) => `<a href="${external.url(p)}">x</a>`).join('') + '<img src="/missing.png">'),
    });
    const report = await runScan({ url: s.url('/'), timeoutMs: 300 });
    expect(finding(report, s.url('/missing.png'))).toMatchObject({ severity: 'error', internal: true, kind: 'image' });
    expect(finding(report, external.url('/404'))?.severity).toBe('error');
    expect(finding(report, external.url('/410'))?.severity).toBe('error');
    expect(finding(report, external.url('/500'))?.severity).toBe('warning');
    expect(finding(report, external.url('/slow'))).toMatchObject({ severity: 'warning', error: 'TIMEOUT' });
  });

  it('user overrides per status code and per URL pattern win', async () => {
    const s = await site({ '/': page('<a href="/legacy/a">a</a> <a href="/b">b</a> <a href="/gone">g</a>'), '/gone': status(410) });
    const report = await runScan({
      url: s.url('/'),
      severityOverrides: [
        { pattern: '/legacy/**', severity: 'notice' },
        { code: '410', severity: 'warning' },
      ],
    });
    expect(finding(report, s.url('/legacy/a'))).toMatchObject({ severity: 'notice', status: 404 });
    expect(finding(report, s.url('/legacy/a'))?.reason).toMatch(/by your rule/);
    expect(finding(report, s.url('/gone'))?.severity).toBe('warning');
    expect(finding(report, s.url('/b'))?.severity).toBe('error');
  });
});

describe('did you mean', () => {
  it('suggests the intended internal URL only when the match is strong', async () => {
    const s = await site({
      '/': page(['/blog/post-title', '/news/launch-party', '/about-uss', '/Contact/', '/zzz-unrelated', '/old-home'].map((p) => `<a href="${p}">x</a>`).join('') +
        '<a href="/blog/post-title/">ok</a> <a href="/events/launch-party">ok</a> <a href="/about-us">ok</a> <a href="/contact">ok</a> <a href="/old-home/">r</a>'),
      '/blog/post-title/': page('post'),
      '/events/launch-party': page('party'),
      '/about-us': page('about'),
      '/contact': page('contact'),
      '/old-home/': status(301, { location: '/' }),
    });
    const report = await runScan({ url: s.url('/') });
    expect(finding(report, s.url('/blog/post-title'))?.suggestion).toBe(s.url('/blog/post-title/'));
    expect(finding(report, s.url('/news/launch-party'))?.suggestion).toBe(s.url('/events/launch-party'));
    expect(finding(report, s.url('/about-uss'))?.suggestion).toBe(s.url('/about-us'));
    expect(finding(report, s.url('/Contact/'))?.suggestion).toBe(s.url('/contact'));
    expect(finding(report, s.url('/old-home'))?.suggestion).toBe(s.url('/'));
    expect(finding(report, s.url('/zzz-unrelated'))?.suggestion).toBeNull();
  });
});
