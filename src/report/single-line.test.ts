import { describe, expect, it } from 'vitest';
import { toSingleLine, truncateText } from './single-line.js';

describe('toSingleLine', () => {
  it('removes terminal escapes, bidi overrides and lone surrogates, and joins lines', () => {
    expect(toSingleLine('a\u001b[2Jb\nc\u202Ed\uD800e')).toBe('a [2Jb c de');
  });

  it('keeps non-ASCII text and emoji', () => {
    expect(toSingleLine('Café 日本語 🎉')).toBe('Café 日本語 🎉');
  });
});

describe('truncateText', () => {
  it('never splits an emoji', () => {
    expect(truncateText('ab🎉🎉🎉', 4)).toBe('ab🎉…');
  });
});
