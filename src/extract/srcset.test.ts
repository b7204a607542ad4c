import { describe, expect, it } from 'vitest';
import { parseSrcset } from './srcset.js';

describe('parseSrcset', () => {
  it('returns each candidate URL without descriptors', () => {
    expect(parseSrcset('a.jpg 1x, b.jpg 2x')).toEqual(['a.jpg', 'b.jpg']);
    expect(parseSrcset('small.jpg 480w,large.jpg 1080w')).toEqual(['small.jpg', 'large.jpg']);
  });

  it('keeps commas that are inside a URL', () => {
    expect(parseSrcset('/img/w_300,h_200,c_fill/a.jpg 300w, /img/w_600,h_400/a.jpg 600w')).toEqual([
      '/img/w_300,h_200,c_fill/a.jpg',
      '/img/w_600,h_400/a.jpg',
    ]);
  });

  it('treats trailing commas as the end of a candidate without descriptors', () => {
    expect(parseSrcset('a.jpg,b.jpg 2x')).toEqual(['a.jpg,b.jpg']);
    expect(parseSrcset('a.jpg, b.jpg,, c.jpg')).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(parseSrcset('a.jpg,')).toEqual(['a.jpg']);
  });

  it('accepts a lone URL and surrounding or newline whitespace', () => {
    expect(parseSrcset('  a.jpg  ')).toEqual(['a.jpg']);
    expect(parseSrcset('a.jpg 1x,\n\t b.jpg 2x\n')).toEqual(['a.jpg', 'b.jpg']);
  });

  it('skips parenthesised descriptor content even when it contains commas', () => {
    expect(parseSrcset('a.jpg (foo, bar) 1x, b.jpg 2x')).toEqual(['a.jpg', 'b.jpg']);
  });

  it('returns data: URLs whole, since their comma is not followed by whitespace', () => {
    expect(parseSrcset('data:image/png;base64,iVBORw0KGgo= 1x, b.png 2x')).toEqual([
      'data:image/png;base64,iVBORw0KGgo=',
      'b.png',
    ]);
  });

  it('returns nothing for empty or comma-only values', () => {
    expect(parseSrcset('')).toEqual([]);
    expect(parseSrcset(' , , ')).toEqual([]);
  });
});
