import { describe, expect, it } from 'vitest';
import { extractCss } from './css-extractor.js';

const SHEET = 'https://example.com/assets/css/site.css';

function raws(css: string): string[] {
  return extractCss(css, SHEET).map((link) => link.raw);
}

describe('extractCss', () => {
  it('finds url() in unquoted, single-quoted and double-quoted forms', () => {
    expect(raws(`a{background:url(a.png)} b{background:url('b.png')} c{background:url("c.png")}`)).toEqual([
      'a.png',
      'b.png',
      'c.png',
    ]);
  });

  it('resolves relative to the stylesheet URL, not the page', () => {
    const [link] = extractCss('.x{background:url(../img/bg.png)}', SHEET);
    expect(link?.resolved).toBe('https://example.com/assets/img/bg.png');
    expect(link).toMatchObject({ element: 'css', attribute: 'url()', kind: 'image', navigational: false, text: '' });
  });

  it('finds @import with a string or url() and marks it a stylesheet', () => {
    const links = extractCss(`@import "a.css";\n@import 'b.css' screen;\n@import url(c.css);\n@IMPORT url("d.css") print;`, SHEET);
    expect(links.map((link) => [link.raw, link.attribute, link.kind])).toEqual([
      ['a.css', '@import', 'stylesheet'],
      ['b.css', '@import', 'stylesheet'],
      ['c.css', '@import', 'stylesheet'],
      ['d.css', '@import', 'stylesheet'],
    ]);
  });

  it('decodes CSS escapes in URLs', () => {
    expect(raws(String.raw`a{background:url(a\(1\).png)} b{background:url("q\"x.png")} c{background:url(\31 23.png)}`)).toEqual([
      'a(1).png',
      'q"x.png',
      '123.png',
    ]);
  });

  it('joins escaped newlines inside strings', () => {
    expect(raws('a{background:url("long\\\nname.png")}')).toEqual(['longname.png']);
  });

  it('ignores URLs inside comments and ordinary strings', () => {
    expect(raws('/* url(gone.png) @import "gone.css"; */ a::before{content:"url(nope.png)"} b{background:url(yes.png)}')).toEqual([
      'yes.png',
    ]);
  });

  it('skips url(#id) SVG references and empty url()', () => {
    expect(raws('a{filter:url(#blur); mask:url( "#m" )} b{background:url()} c{background:url("")}')).toEqual([]);
  });

  it('returns data: URLs like any other', () => {
    const [link] = extractCss('a{background:url(data:image/gif;base64,R0lGODlhAQABAAAAACw=)}', SHEET);
    expect(link?.raw).toBe('data:image/gif;base64,R0lGODlhAQABAAAAACw=');
    expect(link?.resolved).toBe('data:image/gif;base64,R0lGODlhAQABAAAAACw=');
  });

  it('marks url() inside @font-face as a font', () => {
    const links = extractCss(
      '@font-face{font-family:X;src:url(x.woff2) format("woff2"),url(x.woff) format("woff")} a{background:url(a.png)}',
      SHEET,
    );
    expect(links.map((link) => [link.raw, link.kind])).toEqual([
      ['x.woff2', 'font'],
      ['x.woff', 'font'],
      ['a.png', 'image'],
    ]);
  });

  it('does not treat format() strings or other functions as URLs', () => {
    expect(raws('a{background:myurl(x.png); b:local("Font")}')).toEqual([]);
  });

  it('treats strings inside image-set() as URLs', () => {
    expect(raws('a{background-image:image-set("a.png" 1x, url(b.png) 2x, "c.avif" type("image/avif"))}')).toEqual([
      'a.png',
      'b.png',
      'c.avif',
    ]);
    expect(raws('a{background-image:-webkit-image-set("d.png" 1x)} b{content:"e.png"}')).toEqual(['d.png']);
  });

  it('skips @namespace URLs, which are identifiers rather than resources', () => {
    expect(raws('@namespace svg url(http://www.w3.org/2000/svg); a{background:url(a.png)}')).toEqual(['a.png']);
  });

  it('is case-insensitive for url(', () => {
    expect(raws('a{background:URL(a.png)}')).toEqual(['a.png']);
  });

  it('reports 1-based line numbers offset by startLine', () => {
    const css = '\na{background:url(a.png)}\n\n\nb{\n  background: url(b.png)}';
    expect(extractCss(css, SHEET).map((link) => link.line)).toEqual([2, 6]);
    expect(extractCss(css, SHEET, { startLine: 10, element: 'style' }).map((link) => [link.line, link.element])).toEqual([
      [11, 'style'],
      [15, 'style'],
    ]);
  });

  it('drops a bad unquoted url and keeps scanning', () => {
    expect(raws('a{background:url(a b.png)} c{background:url(c.png)}')).toEqual(['c.png']);
  });

  it('keeps non-ASCII URLs and resolves them percent-encoded', () => {
    const [link] = extractCss('a{background:url(bilder/größe.png)}', SHEET);
    expect(link?.raw).toBe('bilder/größe.png');
    expect(link?.resolved).toBe('https://example.com/assets/css/bilder/gr%C3%B6%C3%9Fe.png');
  });

  it('stops at maxLinks', () => {
    const css = Array.from({ length: 50 }, (_, index) => `.i${index}{background:url(${index}.png)}`).join('\n');
    expect(extractCss(css, SHEET, { maxLinks: 10 })).toHaveLength(10);
  });

  it('handles unterminated input without throwing', () => {
    expect(raws('a{background:url(a.png')).toEqual(['a.png']);
    expect(raws('/* never closed url(x.png)')).toEqual([]);
    expect(raws('@import "never')).toEqual(['never']);
  });
});
