import { describe, expect, it } from 'vitest';
import { HTML_EXTRACTORS } from './html-extractor-implementations.fixture.js';

describe.each(HTML_EXTRACTORS)('$name', ({ extractHtml }) => {
  const PAGE = 'https://example.com/dir/page.html';

  describe('extractHtml: base href', () => {
    it('resolves every link against the first <base href>, itself resolved against the document', () => {
      const result = extractHtml('<head><base href="../assets/"><base href="https://ignored.example/"></head><a href="x.html">x</a><img src="/abs.png">', PAGE);
      expect(result.baseUrl).toBe('https://example.com/assets/');
      expect(result.links.map((link) => link.resolved)).toEqual(['https://example.com/assets/x.html', 'https://example.com/abs.png']);
    });

    it('applies a late <base> to links that came before it, as the DOM does', () => {
      const result = extractHtml('<a href="early.html">e</a><base href="https://cdn.example/root/">', PAGE);
      expect(result.links[0]?.resolved).toBe('https://cdn.example/root/early.html');
    });

    it('skips a <base> without href and falls back to the document for an unparseable one', () => {
      expect(extractHtml('<base target="_blank"><base href="/b/"><a href="x">x</a>', PAGE).baseUrl).toBe('https://example.com/b/');
      expect(extractHtml('<base href="http://[broken"><a href="x">x</a>', PAGE).links[0]?.resolved).toBe('https://example.com/dir/x');
    });

    it('reports the document URL as the base when there is none', () => {
      expect(extractHtml('<p>hi</p>', PAGE).baseUrl).toBe(PAGE);
    });
  });

  describe('extractHtml: attribute values', () => {
    it('decodes entities in attributes, leaving legacy-named text such as &copy= alone', () => {
      const [first, second] = extractHtml('<a href="/s?a=1&amp;b=2&#38;c=&#x33;">x</a><a href="/t?x=1&copy=2">y</a>', PAGE).links;
      expect(first?.raw).toBe('/s?a=1&b=2&c=3');
      expect(second?.raw).toBe('/t?x=1&copy=2');
    });

    it('decodes entities in anchor text', () => {
      expect(extractHtml('<a href="/x">Fish &amp; Chips &quot;now&quot; &euro;5</a>', PAGE).links[0]?.text).toBe('Fish & Chips "now" €5');
    });

    it('trims surrounding ASCII whitespace and removes tabs and newlines inside URLs', () => {
      const [link] = extractHtml('<a href=" \n /long/\n\tpath.html?q=1 \t">x</a>', PAGE).links;
      expect(link?.raw).toBe('/long/path.html?q=1');
      expect(link?.resolved).toBe('https://example.com/long/path.html?q=1');
    });

    it('accepts unquoted and single-quoted attribute values', () => {
      expect(extractHtml("<a href=/unquoted>u</a><a href='/single'>s</a>", PAGE).links.map((link) => link.raw)).toEqual(['/unquoted', '/single']);
    });

    it('skips empty hrefs, which point at the page itself', () => {
      expect(extractHtml('<a href="">x</a><a href="   ">y</a><a>z</a><img src="">', PAGE).links).toEqual([]);
    });

    it('returns javascript:, tel:, mailto: and data: links with the URL itself as resolved', () => {
      const html = '<a href="javascript:void(0)">j</a><a href="tel:+1-555-0100">t</a><a href="mailto:a@b.co">m</a><img src="data:image/gif;base64,R0lGOD==">';
      expect(extractHtml(html, PAGE).links.map((link) => [link.raw, link.resolved])).toEqual([
        ['javascript:void(0)', 'javascript:void(0)'],
        ['tel:+1-555-0100', 'tel:+1-555-0100'],
        ['mailto:a@b.co', 'mailto:a@b.co'],
        ['data:image/gif;base64,R0lGOD==', 'data:image/gif;base64,R0lGOD=='],
      ]);
    });

    it('keeps an unparseable URL with resolved = null, for the engine to report', () => {
      expect(extractHtml('<a href="http://exa mple.com/">x</a><a href="https://[::1">y</a>', PAGE).links.map((link) => link.resolved)).toEqual([null, null]);
    });

    it('resolves non-ASCII paths and IDN hosts without otherwise normalising', () => {
      const [idn, path, fragment] = extractHtml('<a href="https://bücher.example/straße">a</a><a href="/日本語/ページ">b</a><a href="#Über">c</a>', PAGE).links;
      expect(idn?.raw).toBe('https://bücher.example/straße');
      expect(idn?.resolved).toBe('https://xn--bcher-kva.example/stra%C3%9Fe');
      expect(path?.resolved).toBe('https://example.com/%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%9A%E3%83%BC%E3%82%B8');
      expect(fragment?.resolved).toBe('https://example.com/dir/page.html#%C3%9Cber');
    });
  });

  describe('extractHtml: markup variants', () => {
    it('reads upper-case tags and attributes', () => {
      expect(extractHtml('<A HREF="/Upper">U</A><IMG SRC="/I.PNG">', PAGE).links.map((link) => [link.element, link.attribute, link.raw])).toEqual([
        ['a', 'href', '/Upper'],
        ['img', 'src', '/I.PNG'],
      ]);
    });

    it('extracts links inside <noscript> and <template>, which are real fallbacks and clones', () => {
      expect(extractHtml('<noscript><img src="/lazy.png"></noscript><template><a href="/tpl">t</a></template>', PAGE).links.map((link) => link.raw)).toEqual([
        '/lazy.png',
        '/tpl',
      ]);
    });
  });

  describe('extractHtml: what is not a link', () => {
    it('ignores links inside comments, including conditional comments', () => {
      expect(extractHtml('<!-- <a href="/old">old</a> --><!--[if IE]><link rel="stylesheet" href="ie.css"><![endif]--><a href="/new">n</a>', PAGE).links.map((link) => link.raw)).toEqual(['/new']);
    });

    it('ignores markup inside <script>, <textarea> and <title>', () => {
      const html = '<title><a href="/t">x</a></title><script>document.write(\'<a href="/s">\')</script><textarea><img src="/ta.png"></textarea><a href="/real">r</a>';
      expect(extractHtml(html, PAGE).links.map((link) => link.raw)).toEqual(['/real']);
    });
  });

  describe('extractHtml: anchors, title, h1', () => {
    it('collects every id and <a name>, case-sensitively, but not other names', () => {
      const result = extractHtml('<h2 id="Intro">I</h2><a name="legacy"></a><input name="q"><svg><g id="icon-x"></g></svg><div id=""></div>', PAGE);
      expect([...result.anchors].sort()).toEqual(['Intro', 'icon-x', 'legacy']);
      expect(result.anchors.has('intro')).toBe(false);
    });

    it('reads the whitespace-collapsed title and ignores SVG titles', () => {
      expect(extractHtml('<svg><title>Icon</title></svg><title>\n  My   &amp; Page\n</title>', PAGE).title).toBe('My & Page');
      expect(extractHtml('<p>no title</p>', PAGE).title).toBeNull();
      expect(extractHtml('<title> </title>', PAGE).title).toBeNull();
    });

    it('keeps only the first <title> and the first <h1>', () => {
      const result = extractHtml('<title>One</title><title>Two</title><h1>Page <em>not</em>\nfound</h1><h1>Second</h1>', PAGE);
      expect(result.title).toBe('One');
      expect(result.h1).toBe('Page not found');
    });

    it('separates words across <br> and block boundaries', () => {
      expect(extractHtml('<h1>Error<br>404</h1>', PAGE).h1).toBe('Error 404');
      expect(extractHtml('<a href="/x"><div>Read</div><div>more</div></a>', PAGE).links[0]?.text).toBe('Read more');
    });
  });

  describe('extractHtml: malformed HTML', () => {
    it('ends an unclosed <a> at the next <a>', () => {
      const result = extractHtml('<a href="/1">first <span>one <a href="/2">second</a> after', PAGE);
      expect(result.links.map((link) => link.text)).toEqual(['first one', 'second']);
    });

    it('caps the text of an <a> that is never closed', () => {
      const result = extractHtml(`<a href="/1">${'lorem ipsum '.repeat(10_000)}`, PAGE);
      expect(result.links[0]?.text.length).toBeLessThanOrEqual(200);
    });

    it('survives unclosed tags, stray end tags and junk', () => {
      const html = '<div><p>text<a href=/a>a<table><td><img src=x.png alt=X></div></span></a><a href="/b"<b>bold</b><<<>>><a href="/c">c';
      const raws = extractHtml(html, PAGE).links.map((link) => link.raw);
      expect(raws).toContain('/a');
      expect(raws).toContain('x.png');
      expect(raws).toContain('/c');
    });

    it('does not throw on an empty or text-only document', () => {
      expect(extractHtml('', PAGE).links).toEqual([]);
      expect(extractHtml('just text', PAGE).title).toBeNull();
    });

    it('keeps absolute links when the document URL itself is not parseable', () => {
      const result = extractHtml('<a href="https://ok.example/">a</a><a href="rel">b</a>', 'not a url');
      expect(result.links.map((link) => link.resolved)).toEqual(['https://ok.example/', null]);
    });
  });
});
