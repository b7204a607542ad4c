import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../core/error-codes.js';
import type { FetchText } from './fetch-text.js';
import { loadSitemaps, MAX_SITEMAP_BYTES, parseSitemap } from './sitemaps.js';

const SITEMAP_URL = 'https://site.test/sitemap.xml';

function urlset(...locs: string[]): string {
  const entries = locs.map((loc) => `<url><loc>${loc}</loc><lastmod>2024-01-01</lastmod></url>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries}\n</urlset>\n`;
}

function sitemapIndex(...locs: string[]): string {
  const entries = locs.map((loc) => `<sitemap><loc>${loc}</loc></sitemap>`).join('\n');
  return `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries}</sitemapindex>`;
}

function parse(xml: string | Buffer) {
  return parseSitemap(typeof xml === 'string' ? Buffer.from(xml) : xml, SITEMAP_URL);
}

type Route = { status: number | null; body?: string | Buffer; error?: ErrorCode; finalUrl?: string };

/** A fake site: unknown URLs answer 404; `calls` records every fetch in order. */
function fakeSite(routes: Record<string, Route | string | Buffer>): { fetchText: FetchText; calls: string[] } {
  const calls: string[] = [];
  const fetchText: FetchText = async (url) => {
    calls.push(url);
    const raw = routes[url] ?? { status: 404, body: 'not found' };
    const route: Route = typeof raw === 'string' || Buffer.isBuffer(raw) ? { status: 200, body: raw } : raw;
    const body = route.body === undefined ? null : Buffer.isBuffer(route.body) ? route.body : Buffer.from(route.body);
    return { status: route.status, error: route.error ?? null, body, contentType: 'application/xml', finalUrl: route.finalUrl ?? url };
  };
  return { fetchText, calls };
}

const LIMITS = { maxUrls: 1000, maxSitemaps: 100 };

describe('parseSitemap', () => {
  it('reads <url><loc> from a urlset', async () => {
    expect(await parse(urlset('https://site.test/', 'https://site.test/about'))).toEqual({
      urls: ['https://site.test/', 'https://site.test/about'],
      sitemaps: [],
    });
  });

  it('reads <sitemap><loc> from a sitemap index as child sitemaps', async () => {
    expect(await parse(sitemapIndex('https://site.test/a.xml', 'https://site.test/b.xml.gz'))).toEqual({
      urls: [],
      sitemaps: ['https://site.test/a.xml', 'https://site.test/b.xml.gz'],
    });
  });

  it('tolerates namespace prefixes, CDATA, entities and whitespace around the URL', async () => {
    const xml = `<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sm:url><sm:loc>
        <![CDATA[https://site.test/a?x=1&y=2]]>
      </sm:loc></sm:url>
      <sm:url><sm:loc> https://site.test/b?x=1&amp;y=&#50; </sm:loc></sm:url>
    </sm:urlset>`;
    expect((await parse(xml)).urls).toEqual(['https://site.test/a?x=1&y=2', 'https://site.test/b?x=1&y=2']);
  });

  it('ignores <loc> elements of extensions such as image:image', async () => {
    const xml = `<urlset xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url>
      <loc>https://site.test/page</loc>
      <image:image><image:loc>https://site.test/photo.jpg</image:loc></image:image>
    </url></urlset>`;
    expect((await parse(xml)).urls).toEqual(['https://site.test/page']);
  });

  it('keeps only http(s) URLs, resolves relative ones, drops fragments and duplicates', async () => {
    const parsed = await parse(urlset('https://site.test/a#top', 'https://site.test/a', '/b', 'ftp://site.test/c', 'mailto:x@site.test', ''));
    expect(parsed.urls).toEqual(['https://site.test/a', 'https://site.test/b']);
  });

  it('tolerates broken XML and drops a <loc> cut off at the end of input', async () => {
    const xml = '<urlset><url><loc>https://site.test/1</loc></url><url><loc>https://site.test/2</url><url><loc>https://site.te';
    expect((await parse(xml)).urls).toEqual(['https://site.test/1', 'https://site.test/2']);
  });

  it('reads gzip by its magic bytes, whatever the name', async () => {
    const parsed = await parseSitemap(gzipSync(urlset('https://site.test/z')), 'https://site.test/sitemap.xml');
    expect(parsed.urls).toEqual(['https://site.test/z']);
  });

  it('reads a plain-text sitemap, one absolute URL per line', async () => {
    const text = '\uFEFFhttps://site.test/a\r\n\n  https://site.test/b  \nnot a url\n/relative\nhttps://site.test/c';
    expect(await parse(text)).toEqual({ urls: ['https://site.test/a', 'https://site.test/b', 'https://site.test/c'], sitemaps: [] });
  });

  it('handles URLs and multi-byte characters that straddle parser chunks', async () => {
    const locs = Array.from({ length: 3000 }, (_, i) => `https://site.test/é/${i}/${'x'.repeat(20)}`);
    const parsed = await parse(urlset(...locs));
    expect(parsed.urls).toHaveLength(3000);
    expect(parsed.urls[2999]).toBe(new URL(locs[2999] ?? '').href);
  });

  it('returns nothing for an empty body, HTML or corrupt gzip', async () => {
    expect(await parse('')).toEqual({ urls: [], sitemaps: [] });
    expect(await parse('<html><body><a href="https://site.test/x">x</a></body></html>')).toEqual({ urls: [], sitemaps: [] });
    expect(await parse(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]))).toEqual({ urls: [], sitemaps: [] });
  });
});

describe('loadSitemaps', () => {
  it('follows an index to its child sitemaps and collects their URLs', async () => {
    const { fetchText, calls } = fakeSite({
      [SITEMAP_URL]: sitemapIndex('https://site.test/pages.xml', 'https://site.test/posts.xml.gz'),
      'https://site.test/pages.xml': urlset('https://site.test/', 'https://site.test/about'),
      'https://site.test/posts.xml.gz': gzipSync(urlset('https://site.test/post/1', 'https://site.test/about')),
    });
    const result = await loadSitemaps([SITEMAP_URL], fetchText, LIMITS);
    expect(result.urls).toEqual(['https://site.test/', 'https://site.test/about', 'https://site.test/post/1']);
    expect(result.sitemaps).toEqual([SITEMAP_URL, 'https://site.test/pages.xml', 'https://site.test/posts.xml.gz']);
    expect(result.errors).toEqual([]);
    expect(calls).toEqual(result.sitemaps);
  });

  it('terminates on a loop of index files and never fetches a sitemap twice', async () => {
    const { fetchText, calls } = fakeSite({
      'https://site.test/a.xml': sitemapIndex('https://site.test/b.xml', 'https://site.test/a.xml'),
      'https://site.test/b.xml': sitemapIndex('https://site.test/a.xml', 'https://site.test/c.xml'),
      'https://site.test/c.xml': sitemapIndex('https://site.test/b.xml', 'https://site.test/a.xml#again'),
    });
    const result = await loadSitemaps(['https://site.test/a.xml', 'https://site.test/a.xml'], fetchText, LIMITS);
    expect(calls).toEqual(['https://site.test/a.xml', 'https://site.test/b.xml', 'https://site.test/c.xml']);
    expect(result.errors).toEqual([]);
  });

  it('does not refetch a sitemap it already reached through a redirect', async () => {
    const { fetchText, calls } = fakeSite({
      'https://site.test/old.xml': { status: 200, body: sitemapIndex('https://site.test/new.xml'), finalUrl: 'https://site.test/new.xml' },
    });
    await loadSitemaps(['https://site.test/old.xml'], fetchText, LIMITS);
    expect(calls).toEqual(['https://site.test/old.xml']);
  });

  it('stops descending past maxDepth and says so', async () => {
    const { fetchText, calls } = fakeSite({
      'https://site.test/0.xml': sitemapIndex('https://site.test/1.xml'),
      'https://site.test/1.xml': sitemapIndex('https://site.test/2.xml'),
      'https://site.test/2.xml': sitemapIndex('https://site.test/3.xml'),
    });
    const result = await loadSitemaps(['https://site.test/0.xml'], fetchText, { ...LIMITS, maxDepth: 2 });
    expect(calls).toEqual(['https://site.test/0.xml', 'https://site.test/1.xml', 'https://site.test/2.xml']);
    expect(result.errors).toMatchObject([{ url: 'https://site.test/2.xml', error: 'LIMIT_REACHED' }]);
  });

  it('fetches at most maxSitemaps files', async () => {
    const children = Array.from({ length: 10 }, (_, i) => `https://site.test/s${i}.xml`);
    const { fetchText, calls } = fakeSite({ [SITEMAP_URL]: sitemapIndex(...children) });
    const result = await loadSitemaps([SITEMAP_URL], fetchText, { ...LIMITS, maxSitemaps: 4 });
    expect(calls).toHaveLength(4);
    expect(result.errors.filter((e) => e.error === 'LIMIT_REACHED')).toMatchObject([{ url: 'https://site.test/s3.xml' }]);
  });

  it('honours maxUrls across files and stops fetching once it is reached', async () => {
    const { fetchText, calls } = fakeSite({
      [SITEMAP_URL]: sitemapIndex('https://site.test/a.xml', 'https://site.test/b.xml', 'https://site.test/c.xml'),
      'https://site.test/a.xml': urlset('https://site.test/1', 'https://site.test/2'),
      'https://site.test/b.xml': urlset('https://site.test/2', 'https://site.test/3', 'https://site.test/4'),
      'https://site.test/c.xml': urlset('https://site.test/5'),
    });
    const result = await loadSitemaps([SITEMAP_URL], fetchText, { ...LIMITS, maxUrls: 3 });
    expect(result.urls).toEqual(['https://site.test/1', 'https://site.test/2', 'https://site.test/3']);
    expect(calls).not.toContain('https://site.test/c.xml');
    expect(result.errors).toMatchObject([{ url: 'https://site.test/b.xml', error: 'LIMIT_REACHED' }]);
  });

  it('drops URLs that are not wanted before counting them', async () => {
    const { fetchText } = fakeSite({ [SITEMAP_URL]: urlset('https://other.test/x', 'https://site.test/1', 'https://site.test/2') });
    const result = await loadSitemaps([SITEMAP_URL], fetchText, {
      ...LIMITS,
      maxUrls: 2,
      isWanted: (url) => url.startsWith('https://site.test/'),
    });
    expect(result.urls).toEqual(['https://site.test/1', 'https://site.test/2']);
    expect(result.errors).toEqual([]);
  });

  it('records HTTP errors, network errors and invalid seeds, and carries on', async () => {
    const { fetchText } = fakeSite({
      'https://site.test/gone.xml': { status: 410, body: 'gone' },
      'https://down.test/sitemap.xml': { status: null, error: 'DNS_NOT_FOUND' },
      'https://site.test/ok.xml': urlset('https://site.test/ok'),
    });
    const seeds = ['https://site.test/gone.xml', 'https://down.test/sitemap.xml', 'not a url', 'https://site.test/ok.xml'];
    const result = await loadSitemaps(seeds, fetchText, LIMITS);
    expect(result.urls).toEqual(['https://site.test/ok']);
    expect(result.errors).toMatchObject([
      { url: 'not a url', status: null, error: 'INVALID_URL' },
      { url: 'https://site.test/gone.xml', status: 410, error: null },
      { url: 'https://down.test/sitemap.xml', status: null, error: 'DNS_NOT_FOUND' },
    ]);
  });

  it('records a fetchText that throws instead of throwing itself', async () => {
    const result = await loadSitemaps([SITEMAP_URL], async () => Promise.reject(new Error('boom')), LIMITS);
    expect(result.errors).toMatchObject([{ url: SITEMAP_URL, error: 'CONNECTION_FAILED' }]);
  });

  it('records a body that is not a sitemap', async () => {
    const { fetchText } = fakeSite({ [SITEMAP_URL]: '<!doctype html><html><body>Welcome</body></html>' });
    const result = await loadSitemaps([SITEMAP_URL], fetchText, LIMITS);
    expect(result.errors).toMatchObject([{ url: SITEMAP_URL, status: 200, error: null }]);
    expect(result.errors[0]?.message).toContain('<html>');
  });

  it('uses a truncated body but records that it was truncated', async () => {
    const { fetchText } = fakeSite({
      [SITEMAP_URL]: {
        status: 200,
        error: 'BODY_TOO_LARGE',
        body: '<urlset><url><loc>https://site.test/1</loc></url><url><loc>https://site.test/22',
      },
    });
    const result = await loadSitemaps([SITEMAP_URL], fetchText, LIMITS);
    expect(result.urls).toEqual(['https://site.test/1']);
    expect(result.errors).toMatchObject([{ url: SITEMAP_URL, error: 'BODY_TOO_LARGE' }]);
  });

  it('caps a gzip bomb at the decompressed limit instead of inflating it', async () => {
    // Concatenated gzip members are one valid stream: 1 GiB of zeros from about 1 MB of input.
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    expect(bomb.length).toBeLessThan(MAX_SITEMAP_BYTES / 10);
    const { fetchText } = fakeSite({ [SITEMAP_URL]: bomb });

    const before = process.memoryUsage().arrayBuffers;
    const result = await loadSitemaps([SITEMAP_URL], fetchText, LIMITS);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * MAX_SITEMAP_BYTES);
    expect(result.urls).toEqual([]);
    expect(result.errors).toMatchObject([{ url: SITEMAP_URL, status: 200, error: 'BODY_TOO_LARGE' }]);
    expect(await parseSitemap(bomb, SITEMAP_URL)).toEqual({ urls: [], sitemaps: [] });
  });

  it('records corrupt gzip as DECODING_FAILED', async () => {
    const { fetchText } = fakeSite({ [SITEMAP_URL]: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8]) });
    const result = await loadSitemaps([SITEMAP_URL], fetchText, LIMITS);
    expect(result.errors).toMatchObject([{ url: SITEMAP_URL, error: 'DECODING_FAILED' }]);
  });
});
