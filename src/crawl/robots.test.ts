import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../core/error-codes.js';
import type { FetchText } from './fetch-text.js';
import { allowAllRobots, loadRobots, MAX_ROBOTS_BYTES, parseRobots } from './robots.js';

const ROBOTS_URL = 'https://site.test/robots.txt';
const UA = 'Dislike404Bot';

function policy(text: string) {
  return parseRobots(ROBOTS_URL, text, UA);
}

function answer(status: number | null, body: string | null, error: ErrorCode | null = null): FetchText {
  return async (url) => ({
    status,
    error,
    body: body === null ? null : Buffer.from(body),
    contentType: 'text/plain',
    finalUrl: url,
  });
}

describe('parseRobots: group selection', () => {
  const text = [
    'User-agent: *',
    'Disallow: /',
    '',
    'User-agent: Dislike404Bot',
    'Disallow: /private',
  ].join('\n');

  it('uses the group naming our product token instead of *', () => {
    expect(policy(text).isAllowed('https://site.test/page')).toBe(true);
    expect(policy(text).isAllowed('https://site.test/private/x')).toBe(false);
  });

  it('falls back to * when no group names us', () => {
    const other = parseRobots(ROBOTS_URL, text, 'OtherBot');
    expect(other.isAllowed('https://site.test/page')).toBe(false);
  });

  it('matches the product token case-insensitively, with a version or comment after it', () => {
    for (const agent of ['dislike404bot', 'DISLIKE404BOT/1.0', 'Dislike404Bot (+https://x.test/bot)']) {
      const p = policy(`User-agent: *\nDisallow: /\n\nUser-agent: ${agent}\nDisallow: /only\n`);
      expect(p.isAllowed('https://site.test/page'), agent).toBe(true);
      expect(p.isAllowed('https://site.test/only'), agent).toBe(false);
    }
  });

  it('does not treat a longer token that starts with ours as ours', () => {
    const p = policy('User-agent: Dislike404BotNews\nDisallow: /\n');
    expect(p.isAllowed('https://site.test/page')).toBe(true);
  });

  it('merges every group that names us', () => {
    const p = policy('User-agent: dislike404bot\nDisallow: /a\n\nUser-agent: other\nDisallow: /b\n\nUser-agent: Dislike404Bot\nDisallow: /c\n');
    expect(p.isAllowed('https://site.test/a')).toBe(false);
    expect(p.isAllowed('https://site.test/b')).toBe(true);
    expect(p.isAllowed('https://site.test/c')).toBe(false);
  });

  it('shares one group among consecutive user-agent lines, even across a Sitemap line', () => {
    const p = policy('User-agent: other\nSitemap: https://site.test/s.xml\nUser-agent: dislike404bot\nDisallow: /x\n');
    expect(p.isAllowed('https://site.test/x')).toBe(false);
  });

  it('allows everything when our group has an empty Disallow', () => {
    const p = policy('User-agent: *\nDisallow: /\n\nUser-agent: Dislike404Bot\nDisallow:\n');
    expect(p.isAllowed('https://site.test/anything')).toBe(true);
  });

  it('allows everything for an empty file or one with no applicable group', () => {
    expect(policy('').isAllowed('https://site.test/x')).toBe(true);
    expect(policy('User-agent: other\nDisallow: /\n').isAllowed('https://site.test/x')).toBe(true);
  });

  it('ignores a byte-order mark, comments, unknown lines and CRLF line ends', () => {
    const p = policy('\uFEFFUser-agent: * # everyone\r\nNoindex: /x\r\nDisallow: /secret # keep out\r\n');
    expect(p.isAllowed('https://site.test/secret/1')).toBe(false);
    expect(p.isAllowed('https://site.test/public')).toBe(true);
  });

  it('ignores rules that appear before any user-agent line', () => {
    expect(policy('Disallow: /\nUser-agent: *\nDisallow: /x\n').isAllowed('https://site.test/y')).toBe(true);
  });
});

describe('parseRobots: matching', () => {
  it('lets the longest matching rule win', () => {
    const p = policy('User-agent: *\nDisallow: /shop\nAllow: /shop/public\nDisallow: /shop/public/hidden\n');
    expect(p.isAllowed('https://site.test/shop/cart')).toBe(false);
    expect(p.isAllowed('https://site.test/shop/public/item')).toBe(true);
    expect(p.isAllowed('https://site.test/shop/public/hidden/1')).toBe(false);
  });

  it('lets Allow win a tie between rules of equal length', () => {
    const p = policy('User-agent: *\nDisallow: /page\nAllow: /page\n');
    expect(p.isAllowed('https://site.test/page')).toBe(true);
  });

  it('supports * wildcards and a $ end anchor', () => {
    const p = policy('User-agent: *\nDisallow: /*.pdf$\nDisallow: /*/tmp/\nAllow: /$\nDisallow: /\n');
    expect(p.isAllowed('https://site.test/')).toBe(true);
    expect(p.isAllowed('https://site.test/page')).toBe(false);

    const q = policy('User-agent: *\nDisallow: /*.pdf$\nDisallow: /*/tmp/\n');
    expect(q.isAllowed('https://site.test/docs/a.pdf')).toBe(false);
    expect(q.isAllowed('https://site.test/docs/a.pdf?download=1')).toBe(true);
    expect(q.isAllowed('https://site.test/a/b/tmp/x')).toBe(false);
    expect(q.isAllowed('https://site.test/tmp/x')).toBe(true);
  });

  it('matches the query string and ignores the fragment', () => {
    const p = policy('User-agent: *\nDisallow: /*?sort=\n');
    expect(p.isAllowed('https://site.test/list?sort=asc')).toBe(false);
    expect(p.isAllowed('https://site.test/list#?sort=asc')).toBe(true);
  });

  it('treats percent-encoded unreserved characters as equal to the characters', () => {
    const p = policy('User-agent: *\nDisallow: /~joe/\nDisallow: /%61dmin\n');
    expect(p.isAllowed('https://site.test/%7Ejoe/x')).toBe(false);
    expect(p.isAllowed('https://site.test/%7ejoe/x')).toBe(false);
    expect(p.isAllowed('https://site.test/admin')).toBe(false);
  });

  it('matches non-ASCII paths whether written raw or percent-encoded, in either hex case', () => {
    const p = policy('User-agent: *\nDisallow: /café\nDisallow: /%e3%83%84\n');
    expect(p.isAllowed('https://site.test/caf%C3%A9/menu')).toBe(false);
    expect(p.isAllowed('https://site.test/café/menu')).toBe(false);
    expect(p.isAllowed('https://site.test/ツ')).toBe(false);
  });

  it('keeps an encoded reserved character distinct from the literal one', () => {
    const p = policy('User-agent: *\nDisallow: /a%2Fb\n');
    expect(p.isAllowed('https://site.test/a/b')).toBe(true);
    expect(p.isAllowed('https://site.test/a%2fb')).toBe(false);
  });

  it('matches characters the URL parser leaves raw but a rule gets encoded', () => {
    const p = policy("User-agent: *\nDisallow: /a|b\nDisallow: /q?x='y'\n");
    expect(p.isAllowed('https://site.test/a|b')).toBe(false);
    expect(p.isAllowed("https://site.test/q?x='y'")).toBe(false);
  });

  it('always allows other origins and robots.txt itself', () => {
    const p = policy('User-agent: *\nDisallow: /\n');
    expect(p.isAllowed('https://site.test/x')).toBe(false);
    expect(p.isAllowed('http://site.test/x')).toBe(true);
    expect(p.isAllowed('https://other.test/x')).toBe(true);
    expect(p.isAllowed('https://site.test:8443/x')).toBe(true);
    expect(p.isAllowed('https://site.test/robots.txt')).toBe(true);
  });

  it('treats a default port as the same origin', () => {
    expect(policy('User-agent: *\nDisallow: /\n').isAllowed('https://SITE.test:443/x')).toBe(false);
  });
});

describe('parseRobots: crawl-delay and sitemaps', () => {
  it('reads Crawl-delay from the group that applies', () => {
    const p = policy('User-agent: *\nCrawl-delay: 30\n\nUser-agent: Dislike404Bot\nCrawl-delay: 0.5\n');
    expect(p.crawlDelaySeconds).toBe(0.5);
    expect(parseRobots(ROBOTS_URL, 'User-agent: *\nCrawl-delay: 30\n', 'Other').crawlDelaySeconds).toBe(30);
  });

  it('has no crawl delay when the applying group sets none, even if * does', () => {
    expect(policy('User-agent: *\nCrawl-delay: 30\n\nUser-agent: Dislike404Bot\nDisallow: /x\n').crawlDelaySeconds).toBeNull();
  });

  it('ignores junk crawl-delay values', () => {
    for (const junk of ['', 'soon', '10s', '-5', '0x10', '1e3', 'Infinity', '1,5']) {
      expect(policy(`User-agent: *\nCrawl-delay: ${junk}\n`).crawlDelaySeconds, junk).toBeNull();
    }
    expect(policy('User-agent: *\nCrawl-delay: 10\n').crawlDelaySeconds).toBe(10);
  });

  it('takes the largest delay when merged groups disagree', () => {
    expect(policy('User-agent: dislike404bot\nCrawl-delay: 2\n\nUser-agent: Dislike404Bot\nCrawl-delay: 5\n').crawlDelaySeconds).toBe(5);
  });

  it('collects Sitemap lines from the whole file, absolute, deduplicated', () => {
    const p = policy(
      [
        'Sitemap: https://site.test/a.xml',
        'User-agent: other',
        'Disallow: /',
        'sitemap: https://cdn.test/b.xml.gz',
        'Sitemap: /relative.xml',
        'Sitemap: https://site.test/a.xml',
        'Sitemap: ftp://site.test/c.xml',
        'Sitemap:',
      ].join('\n'),
    );
    expect(p.sitemaps).toEqual(['https://site.test/a.xml', 'https://cdn.test/b.xml.gz', 'https://site.test/relative.xml']);
  });
});

describe('allowAllRobots', () => {
  it('allows everything and carries the given source', () => {
    const p = allowAllRobots('ignored');
    expect(p.isAllowed('https://site.test/x')).toBe(true);
    expect(p).toMatchObject({ source: 'ignored', crawlDelaySeconds: null, sitemaps: [], status: null, error: null });
  });
});

describe('loadRobots', () => {
  it('fetches <origin>/robots.txt and parses a 2xx answer', async () => {
    const asked: string[] = [];
    const fetchText: FetchText = async (url) => {
      asked.push(url);
      return { status: 200, error: null, body: Buffer.from('User-agent: *\nDisallow: /x\nSitemap: https://site.test/s.xml\n'), contentType: 'text/plain', finalUrl: url };
    };
    const p = await loadRobots('https://site.test/some/page', UA, fetchText);
    expect(asked).toEqual(['https://site.test/robots.txt']);
    expect(p).toMatchObject({ source: 'file', status: 200, error: null, sitemaps: ['https://site.test/s.xml'] });
    expect(p.isAllowed('https://site.test/x')).toBe(false);
  });

  it('applies a redirected robots.txt to the origin that was asked about', async () => {
    const fetchText: FetchText = async () => ({
      status: 200,
      error: null,
      body: Buffer.from('User-agent: *\nDisallow: /x\n'),
      contentType: 'text/plain',
      finalUrl: 'https://www.site.test/robots.txt',
    });
    const p = await loadRobots('https://site.test', UA, fetchText);
    expect(p.isAllowed('https://site.test/x')).toBe(false);
  });

  it.each([400, 401, 403, 404, 410])('allows everything on %i (robots.txt unavailable)', async (status) => {
    const p = await loadRobots('https://site.test', UA, answer(status, 'User-agent: *\nDisallow: /\n'));
    expect(p).toMatchObject({ source: 'missing', status, error: null });
    expect(p.isAllowed('https://site.test/x')).toBe(true);
  });

  it.each([500, 503, 429])('disallows the whole origin on %i', async (status) => {
    const p = await loadRobots('https://site.test', UA, answer(status, 'oops'));
    expect(p).toMatchObject({ source: 'unreachable', status, sitemaps: [] });
    expect(p.isAllowed('https://site.test/')).toBe(false);
    expect(p.isAllowed('https://site.test/robots.txt')).toBe(true);
    expect(p.isAllowed('https://other.test/')).toBe(true);
  });

  it('disallows the whole origin on a network error and keeps its code', async () => {
    const p = await loadRobots('https://site.test', UA, answer(null, null, 'CONNECTION_REFUSED'));
    expect(p).toMatchObject({ source: 'unreachable', status: null, error: 'CONNECTION_REFUSED' });
    expect(p.isAllowed('https://site.test/page')).toBe(false);
  });

  it('disallows the whole origin when fetchText gives no answer at all', async () => {
    const silent = await loadRobots('https://site.test', UA, answer(null, null, null));
    expect(silent).toMatchObject({ source: 'unreachable', error: 'CONNECTION_FAILED' });
    const throwing = await loadRobots('https://site.test', UA, async () => {
      throw new Error('socket hang up');
    });
    expect(throwing).toMatchObject({ source: 'unreachable', error: 'CONNECTION_FAILED' });
    expect(throwing.isAllowed('https://site.test/page')).toBe(false);
  });

  it('treats a broken redirect chain as unavailable (allow all)', async () => {
    const p = await loadRobots('https://site.test', UA, answer(301, null, 'TOO_MANY_REDIRECTS'));
    expect(p).toMatchObject({ source: 'missing', status: 301, error: 'TOO_MANY_REDIRECTS' });
    expect(p.isAllowed('https://site.test/page')).toBe(true);
  });

  it('disallows the whole origin when a 2xx body could not be read', async () => {
    const p = await loadRobots('https://site.test', UA, answer(200, null, 'DECODING_FAILED'));
    expect(p).toMatchObject({ source: 'unreachable', error: 'DECODING_FAILED' });
    expect(p.isAllowed('https://site.test/page')).toBe(false);
  });

  it('parses only the first 500 KiB and drops the line cut in half', async () => {
    const head = 'User-agent: *\nDisallow: /early\n';
    const partial = 'Disallow: /pre';
    const padding = `#${'x'.repeat(MAX_ROBOTS_BYTES - head.length - partial.length - 2)}\n`;
    const body = `${head}${padding}${partial}fix\nDisallow: /late\n`;
    expect(Buffer.byteLength(`${head}${padding}${partial}`)).toBe(MAX_ROBOTS_BYTES);
    const p = await loadRobots('https://site.test', UA, answer(200, body));
    expect(p.isAllowed('https://site.test/early')).toBe(false);
    expect(p.isAllowed('https://site.test/pre-other')).toBe(true);
    expect(p.isAllowed('https://site.test/late')).toBe(true);
  });

  it('reports an origin that is not an http(s) URL as INVALID_URL', async () => {
    const p = await loadRobots('not a url', UA, answer(200, ''));
    expect(p).toMatchObject({ source: 'unreachable', error: 'INVALID_URL' });
  });
});
