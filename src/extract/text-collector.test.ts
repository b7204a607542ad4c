import { describe, expect, it } from 'vitest';
import { TextCollector } from './text-collector.js';

function collect(pieces: string[], cap = 20): string {
  const collector = new TextCollector(cap);
  for (const piece of pieces) {
    if (piece === '<br>') collector.appendBreak();
    else collector.append(piece);
  }
  return collector.result();
}

describe('TextCollector', () => {
  it('collapses whitespace across pieces and trims the result', () => {
    expect(collect(['  Read ', '  the\n', '\tdocs  '])).toBe('Read the docs');
    expect(collect(['a', '<br>', 'b', '<br>', '<br>', ' c'])).toBe('a b c');
    expect(collect(['<br>', ' ', '<br>'])).toBe('');
  });

  it('gives the same text however the input is split, even where the cap cuts it', () => {
    const text = ' lorem   ipsum \n\n dolor  sit   amet, consectetur  adipiscing elit ';
    const whole = collect([text]);
    expect(whole).toBe('lorem ipsum dolor si');
    for (let size = 1; size <= text.length; size++) {
      const pieces: string[] = [];
      for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size));
      expect(collect(pieces), `pieces of ${size}`).toBe(whole);
    }
  });

  it('counts the cap in collapsed characters, so whitespace-only pieces do not use it up', () => {
    expect(collect([...Array<string>(100).fill('  \n '), 'word'])).toBe('word');
  });

  it('reads past a whitespace run longer than one slice', () => {
    expect(collect([`${' '.repeat(10_000)}late`])).toBe('late');
  });
});
