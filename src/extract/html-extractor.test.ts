import { describe, expect, it } from 'vitest';
import type { ExtractedLink } from '../core/types.js';
import { HTML_EXTRACTORS } from './html-extractor-implementations.fixture.js';

describe.each(HTML_EXTRACTORS)('$name', ({ extractHtml }) => {
  const PAGE = 'https://example.com/dir/page.html';

  function links(html: string, url = PAGE): ExtractedLink[] {
    return extractHtml(html, url).links;
  }

  function summary(html: string): [string, string, string, string, boolean][] {
    return links(html).map((link) => [link.element, link.attribute, link.raw, link.kind, link.navigational]);
  }

  describe('extractHtml: hyperlinks', () => {
    it('extracts <a href> as a navigational page link with its resolved URL', () => {
      expect(links('<a href="other.html">Other</a>')).toEqual([
        { raw: 'other.html', resolved: 'https://example.com/dir/other.html', element: 'a', attribute: 'href', text: 'Other', line: 1, kind: 'page', navigational: true },
      ]);
    });

    it('uses the collapsed text content of the <a>, including nested markup', () => {
      expect(links('<a href="/x">\n  Read   <b>the\n docs</b> <!-- no -->now </a>')[0]?.text).toBe('Read the docs now');
    });

    it('caps anchor text at 200 characters', () => {
      const [link] = links(`<a href="/x">${'word '.repeat(100)}</a>`);
      expect(link?.text.length).toBeLessThanOrEqual(200);
      expect(link?.text.startsWith('word word')).toBe(true);
    });

    it('falls back to inner img alt, then title, then aria-label', () => {
      const result = links(
        '<a href="/1"><img src="i.png" alt="Logo"></a><a href="/2" title="Go home"><img src="j.png"></a><a href="/3" aria-label="Menu"></a>',
      );
      expect(result.filter((link) => link.element === 'a').map((link) => link.text)).toEqual(['Logo', 'Go home', 'Menu']);
    });

    it('extracts <area href> with its alt text', () => {
      expect(links('<map><area shape="rect" href="/region" alt="Region"></map>')).toMatchObject([
        { element: 'area', raw: '/region', kind: 'page', navigational: true, text: 'Region' },
      ]);
    });

    it('extracts frames as navigational frame links', () => {
      expect(summary('<iframe src="/embed" title="Map"></iframe><frameset><frame src="/left"></frameset>')).toEqual([
        ['iframe', 'src', '/embed', 'frame', true],
        ['frame', 'src', '/left', 'frame', true],
      ]);
    });

    it('extracts form actions as non-navigational pages, skipping empty or missing actions', () => {
      expect(summary('<form action="/search"></form><form action=""></form><form></form><form action="  "></form>')).toEqual([
        ['form', 'action', '/search', 'page', false],
      ]);
      expect(summary('<form><button formaction="/save">Save</button><input type="submit" formaction="/go"></form>')).toEqual([
        ['button', 'formaction', '/save', 'page', false],
        ['input', 'formaction', '/go', 'page', false],
      ]);
    });

    it('extracts cite attributes and legacy body background', () => {
      expect(
        summary('<body background="bg.gif"><blockquote cite="/src1">x</blockquote><q cite="/src2">y</q><del cite="/why"></del><ins cite="/how"></ins>'),
      ).toEqual([
        ['body', 'background', 'bg.gif', 'image', false],
        ['blockquote', 'cite', '/src1', 'page', false],
        ['q', 'cite', '/src2', 'page', false],
        ['del', 'cite', '/why', 'page', false],
        ['ins', 'cite', '/how', 'page', false],
      ]);
    });
  });

  describe('extractHtml: resources', () => {
    it('extracts img src and every srcset candidate, with the alt text', () => {
      expect(links('<img src="a.png" srcset="a-1x.png 1x, /w_300,h_200/a.png 2x" alt=" A  picture ">').map((link) => [link.attribute, link.raw, link.kind, link.text])).toEqual([
        ['src', 'a.png', 'image', 'A picture'],
        ['srcset', 'a-1x.png', 'image', 'A picture'],
        ['srcset', '/w_300,h_200/a.png', 'image', 'A picture'],
      ]);
    });

    it('extracts <picture><source srcset> as images', () => {
      expect(summary('<picture><source srcset="a.avif 1x, b.avif 2x" type="image/avif"><img src="a.jpg"></picture>')).toEqual([
        ['source', 'srcset', 'a.avif', 'image', false],
        ['source', 'srcset', 'b.avif', 'image', false],
        ['img', 'src', 'a.jpg', 'image', false],
      ]);
    });

    it('classifies <link> by rel and as', () => {
      const html = `
      <link rel="stylesheet" href="s.css">
      <link rel="alternate stylesheet" href="alt.css">
      <link rel="icon" href="/favicon.ico">
      <link rel="apple-touch-icon" href="/touch.png">
      <link rel="canonical" href="/canonical">
      <link rel="alternate" hreflang="de" href="/de/">
      <link rel="alternate" type="application/rss+xml" href="/feed.xml">
      <link rel="next" href="/page/2"><link rel="prev" href="/page/0">
      <link rel="preload" as="font" href="f.woff2" crossorigin>
      <link rel="preload" as="image" href="hero.jpg" imagesrcset="hero-1x.jpg 1x, hero-2x.jpg 2x">
      <link rel="prefetch" as="script" href="later.js">
      <link rel="preload" as="style" href="p.css">
      <link rel="modulepreload" href="m.js">
      <link rel="manifest" href="/site.webmanifest">`;
      expect(summary(html)).toEqual([
        ['link', 'href', 's.css', 'stylesheet', false],
        ['link', 'href', 'alt.css', 'stylesheet', false],
        ['link', 'href', '/favicon.ico', 'image', false],
        ['link', 'href', '/touch.png', 'image', false],
        ['link', 'href', '/canonical', 'page', true],
        ['link', 'href', '/de/', 'page', true],
        ['link', 'href', '/feed.xml', 'other', false],
        ['link', 'href', '/page/2', 'page', true],
        ['link', 'href', '/page/0', 'page', true],
        ['link', 'href', 'f.woff2', 'font', false],
        ['link', 'href', 'hero.jpg', 'image', false],
        ['link', 'imagesrcset', 'hero-1x.jpg', 'image', false],
        ['link', 'imagesrcset', 'hero-2x.jpg', 'image', false],
        ['link', 'href', 'later.js', 'script', false],
        ['link', 'href', 'p.css', 'stylesheet', false],
        ['link', 'href', 'm.js', 'script', false],
        ['link', 'href', '/site.webmanifest', 'other', false],
      ]);
    });

    it('skips connection hints and POST-only endpoints, which are not resources', () => {
      expect(
        summary(
          '<link rel="preconnect" href="https://cdn.example"><link rel="dns-prefetch" href="//fonts.example"><link rel="preconnect dns-prefetch" href="https://x.example"><link rel="pingback" href="/xmlrpc.php">',
        ),
      ).toEqual([]);
    });

    it('extracts scripts, media, embeds and objects', () => {
      const html = `<script src="app.js"></script>
      <video src="v.mp4" poster="poster.jpg"><source src="v.webm" type="video/webm"><track src="subs.vtt" kind="subtitles"></video>
      <audio src="a.mp3"></audio><embed src="doc.pdf"><object data="movie.swf"></object>
      <input type="image" src="button.png" alt="Submit"><input type="text" src="ignored.png">`;
      expect(summary(html)).toEqual([
        ['script', 'src', 'app.js', 'script', false],
        ['video', 'src', 'v.mp4', 'media', false],
        ['video', 'poster', 'poster.jpg', 'image', false],
        ['source', 'src', 'v.webm', 'media', false],
        ['track', 'src', 'subs.vtt', 'media', false],
        ['audio', 'src', 'a.mp3', 'media', false],
        ['embed', 'src', 'doc.pdf', 'document', false],
        ['object', 'data', 'movie.swf', 'document', false],
        ['input', 'src', 'button.png', 'image', false],
      ]);
    });

    it('extracts SVG a, image and use via href or xlink:href', () => {
      const html = `<svg><a xlink:href="/svg-link"><text>Go</text></a><image href="pic.png"/><image xlink:href="old.png"/>
      <use href="sprite.svg#icon"/><use xlink:href="#local"/></svg>`;
      expect(links(html).map((link) => [link.element, link.attribute, link.raw, link.kind, link.navigational, link.text])).toEqual([
        ['a', 'xlink:href', '/svg-link', 'page', true, 'Go'],
        ['image', 'href', 'pic.png', 'image', false, ''],
        ['image', 'xlink:href', 'old.png', 'image', false, ''],
        ['use', 'href', 'sprite.svg#icon', 'image', false, ''],
        ['use', 'xlink:href', '#local', 'image', false, ''],
      ]);
    });

    it('resolves <use href="#icon"> to the document itself even under a <base>', () => {
      const result = links('<base href="https://cdn.example/"><svg><use href="#icon"/></svg><a href="#top">top</a>');
      expect(result.map((link) => link.resolved)).toEqual(['https://example.com/dir/page.html#icon', 'https://cdn.example/#top']);
    });
  });

  describe('extractHtml: meta', () => {
    it.each([
      ['0;URL=\'/x\'', '/x'],
      ['5; url=https://example.org/y', 'https://example.org/y'],
      ['0;url="/z?a=1&amp;b=2"', '/z?a=1&b=2'],
      ['3, /w', '/w'],
    ])('extracts meta refresh %j as a navigational link', (content, raw) => {
      const quote = content.includes('"') ? "'" : '"';
      expect(links(`<meta http-equiv="Refresh" content=${quote}${content}${quote}>`)).toMatchObject([
        { element: 'meta', attribute: 'content', raw, kind: 'page', navigational: true },
      ]);
    });

    it('ignores a refresh without a URL', () => {
      expect(links('<meta http-equiv="refresh" content="30">')).toEqual([]);
    });

    it('extracts Open Graph, Twitter and tile image URLs', () => {
      const html = `
      <meta property="og:image" content="/og.png"><meta property="og:image:secure_url" content="https://example.com/og-s.png">
      <meta property="og:url" content="https://example.com/canonical"><meta property="og:video" content="/v.mp4">
      <meta property="og:audio" content="/a.mp3"><meta name="twitter:image" content="/tw.png">
      <meta name="twitter:player" content="https://example.com/player"><meta name="msapplication-TileImage" content="/tile.png">
      <meta property="og:title" content="Not a URL"><meta name="description" content="/not-a-link">`;
      expect(summary(html)).toEqual([
        ['meta', 'content', '/og.png', 'image', false],
        ['meta', 'content', 'https://example.com/og-s.png', 'image', false],
        ['meta', 'content', 'https://example.com/canonical', 'page', true],
        ['meta', 'content', '/v.mp4', 'media', false],
        ['meta', 'content', '/a.mp3', 'media', false],
        ['meta', 'content', '/tw.png', 'image', false],
        ['meta', 'content', 'https://example.com/player', 'frame', false],
        ['meta', 'content', '/tile.png', 'image', false],
      ]);
    });

    it('reads meta robots noindex/nofollow/none case-insensitively', () => {
      expect(extractHtml('<meta name="ROBOTS" content="NoIndex, follow">', PAGE).metaRobots).toEqual({ noindex: true, nofollow: false });
      expect(extractHtml('<meta name="robots" content="nofollow">', PAGE).metaRobots).toEqual({ noindex: false, nofollow: true });
      expect(extractHtml('<meta name="robots" content="none">', PAGE).metaRobots).toEqual({ noindex: true, nofollow: true });
      expect(extractHtml('<meta name="googlebot" content="none">', PAGE).metaRobots).toEqual({ noindex: false, nofollow: false });
    });
  });

  describe('extractHtml: CSS inside HTML', () => {
    it('extracts url() from style attributes, recorded on the host element', () => {
      expect(summary(`<div style="background: url('/bg.png')"></div><span style="x: url(&quot;/q.png&quot;)"></span>`)).toEqual([
        ['div', 'url()', '/bg.png', 'image', false],
        ['span', 'url()', '/q.png', 'image', false],
      ]);
    });

    it('extracts url() and @import from <style> blocks with their own line numbers', () => {
      const html = '<html>\n<head>\n<style>\n@import "print.css";\nbody {\n  background: url(bg.png);\n}\n</style>';
      expect(links(html).map((link) => [link.element, link.attribute, link.raw, link.kind, link.line])).toEqual([
        ['style', '@import', 'print.css', 'stylesheet', 4],
        ['style', 'url()', 'bg.png', 'image', 6],
      ]);
    });

    it('resolves CSS URLs in the page against the <base>', () => {
      expect(links('<base href="/assets/"><style>a{background:url(x.png)}</style>')[0]?.resolved).toBe('https://example.com/assets/x.png');
    });
  });
});
