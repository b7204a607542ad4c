import { describe, expect, it } from 'vitest';
import { extractHtml } from './html-extractor.js';
import { extractHtmlReference } from './reference-html-extractor.js';

/**
 * The only places where the scanner deliberately differs from the htmlparser2 reference: each is an
 * htmlparser2 departure from the WHATWG HTML tokenizer, and the scanner follows the spec. All are
 * rare in real pages (truncated documents, control characters, `<&` inside a title).
 */

const PAGE = 'https://example.com/';

function anchorTexts(html: string, extract: typeof extractHtml): string[] {
  return extract(html, PAGE).links.map((link) => link.text);
}

describe('intentional divergences from htmlparser2, per the HTML spec', () => {
  it('decodes a character reference right after `<` or a partial end tag inside <title>', () => {
    // Spec (RCDATA less-than sign state): anything but `/` after `<` is reconsumed in RCDATA state,
    // where `&` starts a character reference. htmlparser2 skips entity decoding for that character.
    const html = '<title>a<&amp;b </t&amp; c</title>';
    expect(extractHtml(html, PAGE).title).toBe('a<&b </t& c');
    expect(extractHtmlReference(html, PAGE).title).toBe('a<&amp;b </t&amp; c');
  });

  it('drops a start tag cut off inside its name at the end of the document', () => {
    // Spec: "EOF in tag" emits nothing. htmlparser2 emits the partial name as text when it is a prefix
    // of script/style/title/textarea/iframe/xmp/noembed/noframes/plaintext, so it lands in link text.
    const html = '<a href="/x">foo<scri';
    expect(anchorTexts(html, extractHtml)).toEqual(['foo']);
    expect(anchorTexts(html, extractHtmlReference)).toEqual(['fooscri']);
    // Other names were already dropped by both.
    expect(anchorTexts('<a href="/x">foo<spa', extractHtmlReference)).toEqual(['foo']);
  });

  it('emits no text for an end tag cut off after its name at the end of the document', () => {
    // Spec: "EOF in tag" emits nothing. htmlparser2 emits text sliced from offset -1 (the last
    // character of the document), a bug that shows up in the link text.
    const html = '<a href="/x">foo</b bar';
    expect(anchorTexts(html, extractHtml)).toEqual(['foo']);
    expect(anchorTexts(html, extractHtmlReference)).toEqual(['foor']);
  });

  it('ends <script> only at a real `</script`, not at control characters that fold onto `<` or `/`', () => {
    // htmlparser2 compares `(char | 0x20)` with the end-tag sequence, so U+000F matches `/` (and
    // U+001C matches `<`): the script ends early and links inside it become real.
    const html = '<script>a<\u000fscript><a href="/in">x</a></script><a href="/out">y</a>';
    expect(extractHtml(html, PAGE).links.map((link) => link.raw)).toEqual(['/out']);
    expect(extractHtmlReference(html, PAGE).links.map((link) => link.raw)).toEqual(['/in', '/out']);
  });
});
