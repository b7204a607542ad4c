import { describe, expect, it } from 'vitest';
import { wrapText, wrapWithPrefix } from './wrap-text.js';

describe('wrapText', () => {
  it('breaks at spaces and keeps every line within the width', () => {
    const lines = wrapText('the quick brown fox jumps over the lazy dog', 10);
    expect(lines).toEqual(['the quick', 'brown fox', 'jumps over', 'the lazy', 'dog']);
  });

  it('cuts a word longer than the width instead of overflowing', () => {
    expect(wrapText('see https://example.com/very/long', 10)).toEqual(['see', 'https://ex', 'ample.com/', 'very/long']);
  });

  it('collapses runs of whitespace', () => {
    expect(wrapText('  a \n  b  ', 10)).toEqual(['a b']);
  });

  it('returns one empty line for empty text', () => {
    expect(wrapText('', 10)).toEqual(['']);
  });
});

describe('wrapWithPrefix', () => {
  it('puts the prefix on the first line and indents the rest to match', () => {
    expect(wrapWithPrefix('one two three four', 12, '• ')).toEqual(['• one two', '  three four']);
  });

  it('uses the full width after a shorter continuation indent', () => {
    expect(wrapWithPrefix('aaaa bbbb cccc dddd eeee', 20, 'Elsewhere: ', '  ')).toEqual([
      'Elsewhere: aaaa bbbb',
      '  cccc dddd eeee',
    ]);
  });
});
