import { describe, expect, it } from 'vitest';
import { decodeBody } from './decode-body.js';

function bytes(...parts: (string | number[])[]): Uint8Array {
  const chunks = parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part)));
  return new Uint8Array(Buffer.concat(chunks));
}

// "café €" in windows-1252, and "日本語" in Shift_JIS.
const CAFE_1252 = [0x63, 0x61, 0x66, 0xe9, 0x20, 0x80];
const NIHONGO_SJIS = [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea];

describe('decodeBody', () => {
  it('decodes UTF-8 by default', () => {
    const result = decodeBody(new TextEncoder().encode('<p>héllo ✓</p>'), null);
    expect(result).toEqual({ text: '<p>héllo ✓</p>', charset: 'utf-8' });
  });

  it('decodes a windows-1252 page declared with <meta charset>', () => {
    const result = decodeBody(bytes('<html><head><meta charset="windows-1252"></head><body>', CAFE_1252), 'text/html');
    expect(result.charset).toBe('windows-1252');
    expect(result.text).toContain('café €');
  });

  it('decodes a Shift_JIS page declared with <meta http-equiv="Content-Type">', () => {
    const html = bytes('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>', NIHONGO_SJIS, '</p>');
    const result = decodeBody(html, 'text/html');
    expect(result.charset).toBe('shift_jis');
    expect(result.text).toContain('<p>日本語</p>');
  });

  it('prefers the Content-Type charset over the meta declaration', () => {
    const result = decodeBody(bytes('<meta charset="utf-8">', CAFE_1252), 'text/html; charset="ISO-8859-1"');
    expect(result.charset).toBe('windows-1252');
    expect(result.text).toContain('café €');
  });

  it('prefers a byte order mark over everything else and strips it', () => {
    const utf8 = decodeBody(bytes([0xef, 0xbb, 0xbf], '<p>'), 'text/html; charset=windows-1252');
    expect(utf8).toEqual({ text: '<p>', charset: 'utf-8' });
    const utf16 = decodeBody(new Uint8Array([0xff, 0xfe, 0x3c, 0x00, 0x70, 0x00]), 'text/html; charset=utf-8');
    expect(utf16).toEqual({ text: '<p', charset: 'utf-16le' });
  });

  it('falls back past an unknown label to the next source, then to UTF-8', () => {
    expect(decodeBody(bytes('<meta charset="windows-1252">', CAFE_1252), 'text/html; charset=klingon').charset).toBe('windows-1252');
    expect(decodeBody(bytes('<meta charset="klingon">hi'), 'text/html; charset=nope').charset).toBe('utf-8');
  });

  it('ignores a meta declaration inside a comment or past the first 1024 bytes', () => {
    expect(decodeBody(bytes('<!-- <meta charset="shift_jis"> --><p>'), null).charset).toBe('utf-8');
    expect(decodeBody(bytes(' '.repeat(1100), '<meta charset="shift_jis">'), null).charset).toBe('utf-8');
  });

  it('treats a meta claim of UTF-16 as UTF-8, since the scan itself read ASCII', () => {
    expect(decodeBody(bytes('<meta charset="utf-16">ok'), null)).toEqual({ text: '<meta charset="utf-16">ok', charset: 'utf-8' });
  });

  it('reads the encoding of an XML declaration', () => {
    const result = decodeBody(bytes('<?xml version="1.0" encoding="ISO-8859-15"?><urlset>', [0xa4], '</urlset>'), 'application/xml');
    expect(result.charset).toBe('iso-8859-15');
    expect(result.text).toContain('€');
  });

  it('replaces malformed bytes instead of throwing', () => {
    const result = decodeBody(new Uint8Array([0x3c, 0xff, 0xfe, 0xfd, 0x3e]), 'text/html; charset=utf-8');
    expect(result.text).toBe('<\uFFFD\uFFFD\uFFFD>');
  });

  it('decodes an empty body', () => {
    expect(decodeBody(new Uint8Array(0), null)).toEqual({ text: '', charset: 'utf-8' });
  });
});

describe('decodeBody windows-1252 high range', () => {
  it('maps every byte 0x80-0x9F per the Encoding Standard, whatever the runtime does', () => {
    const high = Array.from({ length: 32 }, (_, index) => 0x80 + index);
    const { text } = decodeBody(new Uint8Array(high), 'text/html; charset=windows-1252');
    expect(text).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ');
  });

  it('applies to the latin1 and ascii labels, which mean windows-1252 on the web', () => {
    expect(decodeBody(new Uint8Array([0x93, 0x61, 0x94]), 'text/html; charset=us-ascii').text).toBe('“a”');
  });
});
