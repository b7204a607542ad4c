import { describe, expect, it } from 'vitest';
import type { HtmlExtraction } from './html-extractor.js';
import { HTML_EXTRACTORS } from './html-extractor-implementations.fixture.js';

describe.each(HTML_EXTRACTORS)('$name', ({ extractHtml, HtmlLinkExtractor }) => {
  const PAGE = 'https://example.com/dir/page.html';

  const DOCUMENT = `<!doctype html>
<html>
<head>
  <title>Stream &amp; test</title>
  <link rel="stylesheet"
        href="/main.css">
  <style>
    .a { background: url(a.png) }

    .b { background: url("b.png") }
  </style>
</head>
<body>
  <!-- <a href="/commented">no</a>
  still a comment -->
  <h1 id="top">Big <em>heading</em></h1>
  <a href="/one?x=1&amp;y=2">One &#8211; first</a>
  <img
    alt="multi line"
    src="/img.png"
    srcset="/img-1x.png 1x,
            /img-2x.png 2x">
  <p style="background:
    url(/p.png)">para</p>
  <a href="/ünïcödé">Ünïcödé</a><a name="end"></a>
</body>
</html>`;

  function lineOfRaw(result: HtmlExtraction): Record<string, number> {
    return Object.fromEntries(result.links.map((link) => [link.raw, link.line]));
  }

  function streamed(html: string, chunkSizes: (index: number) => number): HtmlExtraction {
    const extractor = new HtmlLinkExtractor(PAGE);
    let position = 0;
    for (let index = 0; position < html.length; index++) {
      const size = Math.max(1, chunkSizes(index));
      extractor.write(html.slice(position, position + size));
      position += size;
    }
    return extractor.end();
  }

  describe('HtmlLinkExtractor: line numbers', () => {
    it('reports the line of each link, and of the attribute when it sits below its tag', () => {
      expect(lineOfRaw(extractHtml(DOCUMENT, PAGE))).toEqual({
        '/main.css': 6,
        'a.png': 8,
        'b.png': 10,
        '/one?x=1&y=2': 17,
        '/img.png': 20,
        '/img-1x.png': 21,
        '/img-2x.png': 21,
        '/p.png': 24,
        '/ünïcödé': 25,
      });
    });

    it('gives the same result for every two-chunk split of the document', () => {
      const whole = extractHtml(DOCUMENT, PAGE);
      for (let split = 1; split < DOCUMENT.length; split++) {
        const extractor = new HtmlLinkExtractor(PAGE);
        extractor.write(DOCUMENT.slice(0, split));
        extractor.write(DOCUMENT.slice(split));
        expect(extractor.end(), `split at ${split}`).toEqual(whole);
      }
    });

    it('gives the same result when fed one character at a time or in uneven chunks', () => {
      const whole = extractHtml(DOCUMENT, PAGE);
      expect(streamed(DOCUMENT, () => 1)).toEqual(whole);
      expect(streamed(DOCUMENT, (index) => (index * 7919) % 23)).toEqual(whole);
    });

    it('counts lines for CRLF documents', () => {
      expect(extractHtml('<p>\r\n<a href="/x">x</a>\r\n\r\n<img src="/y.png">', PAGE).links.map((link) => link.line)).toEqual([2, 4]);
    });
  });

  describe('HtmlLinkExtractor: streaming API', () => {
    it('ignores writes after end() and returns the same result again', () => {
      const extractor = new HtmlLinkExtractor(PAGE);
      extractor.write('<a href="/a">a</a>');
      const first = extractor.end();
      extractor.write('<a href="/b">b</a>');
      expect(extractor.end()).toBe(first);
      expect(first.links.map((link) => link.raw)).toEqual(['/a']);
    });

    it('finishes an open <a> and an unclosed <title> at end()', () => {
      const extractor = new HtmlLinkExtractor(PAGE);
      extractor.write('<title>Half');
      extractor.write(' done');
      expect(extractor.end().title).toBe('Half done');
      expect(extractHtml('<a href="/x">dangling', PAGE).links[0]?.text).toBe('dangling');
    });
  });

  describe('HtmlLinkExtractor: link cap', () => {
    it('keeps 20000 links of a 50,000-link page, flags truncation, and still reads anchors and a late base', () => {
      const parts = ['<title>Huge</title>'];
      for (let index = 0; index < 50_000; index++) parts.push(`<a href="/p/${index}" id="a${index}">Link ${index}</a>\n`);
      parts.push('<h1>After the cap</h1><base href="https://cdn.example/">');
      const html = parts.join('');
      const started = performance.now();
      const result = extractHtml(html, PAGE);
      const elapsedMs = performance.now() - started;

      expect(result.links).toHaveLength(20_000);
      expect(result.linksTruncated).toBe(true);
      expect(result.links[19_999]).toMatchObject({ raw: '/p/19999', text: 'Link 19999', line: 20_000 });
      expect(result.links[0]?.resolved).toBe('https://cdn.example/p/0');
      expect(result.anchors.size).toBe(50_000);
      expect(result.anchors.has('a49999')).toBe(true);
      expect(result.title).toBe('Huge');
      expect(result.h1).toBe('After the cap');
      expect(elapsedMs).toBeLessThan(5_000);
    });

    it('honours a custom maxLinks, counting srcset candidates and CSS URLs too', () => {
      const result = extractHtml('<img src="a.png" srcset="b.png 1x, c.png 2x"><div style="background:url(d.png)"></div>', PAGE, { maxLinks: 2 });
      expect(result.links.map((link) => link.raw)).toEqual(['a.png', 'b.png']);
      expect(result.linksTruncated).toBe(true);
    });

    it('does not flag truncation when the page has exactly maxLinks links', () => {
      const result = extractHtml('<a href="/1">1</a><a href="/2">2</a><a>no href</a><p>x</p>', PAGE, { maxLinks: 2 });
      expect(result.links).toHaveLength(2);
      expect(result.linksTruncated).toBe(false);
    });

    it('stays linear on a large minified single-line page', () => {
      const html = `<html><body>${'<div class="c"><a href="/x">x</a><img src="/i.png" alt="i"></div>'.repeat(40_000)}</body></html>`;
      const started = performance.now();
      const result = extractHtml(html, PAGE, { maxLinks: 100_000 });
      expect(result.links).toHaveLength(80_000);
      expect(result.links[79_999]?.line).toBe(1);
      expect(performance.now() - started).toBeLessThan(5_000);
    });
  });
});
