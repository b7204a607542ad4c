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
const redirect = (status: number, location: string) => ({ status, headers: { location }, body: '' });

describe('redirects', () => {
  it('follows redirects itself and records the whole chain', async () => {
    const s = await site({
      '/': page('<a href="/old">old</a>'),
      '/old': redirect(301, '/older'),
      '/older': redirect(302, '/new'),
      '/new': page('<a href="/">home</a>'),
    });
    const report = await runScan({ url: s.url('/') });
    const f = finding(report, s.url('/old'));
    expect(f).toMatchObject({ status: 200, category: 'redirected', finalUrl: s.url('/new') });
    expect(f?.redirects).toEqual([
      { url: s.url('/old'), status: 301, location: s.url('/older') },
      { url: s.url('/older'), status: 302, location: s.url('/new') },
    ]);
    // The redirect target is the page we parsed; it is not fetched a second time.
    expect(s.hits('/new')).toBe(1);
  });

  it('counts a page first reached through a redirect as checked once it is linked directly', async () => {
    const s = await site({
      '/': page('<a href="/old">old</a> <a href="/a">a</a>'),
      '/old': redirect(301, '/new'),
      '/a': page('<a href="/new">new</a>'),
      '/new': page('<a href="/">home</a>'),
    });
    // One at a time, so /old claims /new before /a links to it.
    const report = await runScan({ url: s.url('/'), concurrency: 1, hostConcurrency: 1, sitemaps: false });
    expect(s.hits('/new')).toBe(1);
    expect(report.summary.urlsFound).toBe(4);
    expect(report.summary.urlsChecked).toBe(4);
    expect(report.events.filter((e) => e.type === 'checked').map((e) => e.url).sort()).toEqual(
      [s.url('/'), s.url('/a'), s.url('/new'), s.url('/old')].sort(),
    );
  });

  it('counts a queued page as checked when a redirect reaches it before its own turn', async () => {
    const s = await site({
      '/': page('<a href="/old">old</a> <a href="/new">new</a>'),
      '/old': redirect(301, '/new'),
      '/new': page('<a href="/">home</a>'),
    });
    // One at a time: /new is queued, then /old lands on it and it is parsed there.
    const report = await runScan({ url: s.url('/'), concurrency: 1, hostConcurrency: 1, sitemaps: false });
    expect(s.hits('/new')).toBe(1);
    expect(report.summary.urlsFound).toBe(3);
    expect(report.summary.urlsChecked).toBe(3);
    expect(report.events.filter((e) => e.type === 'checked').map((e) => e.url).sort()).toEqual(
      [s.url('/'), s.url('/new'), s.url('/old')].sort(),
    );
  });

  it('reports redirect loops and too-long chains as broken', async () => {
    const s = await site({
      '/': page('<a href="/loop-a">loop</a> <a href="/chain/0">chain</a>'),
      '/loop-a': redirect(302, '/loop-b'),
      '/loop-b': redirect(302, '/loop-a'),
      ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`/chain/${i}`, redirect(301, `/chain/${i + 1}`)])),
    });
    const report = await runScan({ url: s.url('/') });
    expect(finding(report, s.url('/loop-a'))).toMatchObject({ error: 'REDIRECT_LOOP', category: 'broken' });
    const chain = finding(report, s.url('/chain/0'));
    expect(chain).toMatchObject({ error: 'TOO_MANY_REDIRECTS', category: 'broken' });
    // Ten redirects followed, and the eleventh seen and refused.
    expect(chain?.redirects.length).toBe(11);
  });
});

describe('fragments', () => {
  it('checks #fragments against ids and names of internal pages and reports missing ones under the URL with its fragment', async () => {
    const s = await site({
      '/': page('<a href="/doc#intro">intro</a> <a href="/doc#gone">gone</a> <a href="#local">local</a> <a href="#nowhere">nowhere</a> <a href="/doc#legacy">legacy</a> <a href="/doc#top">top</a>\n<h2 id="local">x</h2>'),
      '/doc': page('<h1 id="intro">Intro</h1><a name="legacy"></a>'),
    });
    const report = await runScan({ url: s.url('/') });
    expect(finding(report, s.url('/doc#gone'))).toMatchObject({ error: 'FRAGMENT_NOT_FOUND', status: 200, category: 'broken' });
    expect(finding(report, s.url('/#nowhere'))?.occurrences[0]).toMatchObject({ text: 'nowhere', line: 4 });
    expect(report.findings.map((f) => f.url).sort()).toEqual([s.url('/#nowhere'), s.url('/doc#gone')]);
    expect(s.hits('/doc')).toBe(1);
  });

  it('--no-check-fragments skips the anchor checks', async () => {
    const s = await site({ '/': page('<a href="/doc#gone">gone</a>'), '/doc': page('doc') });
    const report = await runScan({ url: s.url('/'), checkFragments: false });
    expect(report.findings).toEqual([]);
  });

  it('checks external fragments only when asked', async () => {
    const external = await site({ '/doc': page('<h2 id="here">x</h2>') }, '127.0.0.2');
    const s = await site({ '/': page(`<a href="${external.url('/doc#here')}">a</a> <a href="${external.url('/doc#missing')}">b</a>`) });
    expect((await runScan({ url: s.url('/') })).findings).toEqual([]);
    const report = await runScan({ url: s.url('/'), checkExternalFragments: true });
    expect(report.findings.map((f) => f.url)).toEqual([external.url('/doc#missing')]);
  });
});
