import { describe, expect, it } from 'vitest';
import { boundedLevenshtein, DidYouMean } from './did-you-mean.js';

/** The textbook full table, as the reference the banded version must agree with. */
function levenshtein(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = table[i] as number[];
      const above = table[i - 1] as number[];
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return (table[a.length] as number[])[b.length] as number;
}

/** Deterministic pseudo-random strings over a small alphabet, so near misses are common. */
function* randomPairs(count: number): Generator<[string, string]> {
  let seed = 42;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const word = (): string => Array.from({ length: Math.floor(next() * 12) }, () => 'abc/-'[Math.floor(next() * 5)]).join('');
  for (let i = 0; i < count; i++) {
    const a = word();
    // Half the pairs are small mutations of each other.
    if (next() < 0.5) yield [a, word()];
    else {
      const at = Math.floor(next() * (a.length + 1));
      yield [a, next() < 0.5 ? `${a.slice(0, at)}x${a.slice(at)}` : `${a.slice(0, at)}${a.slice(at + 1)}`];
    }
  }
}

describe('boundedLevenshtein', () => {
  it('agrees with the full table within the budget and says budget + 1 beyond it', () => {
    for (const [a, b] of randomPairs(3000)) {
      for (const budget of [0, 1, 2, 3]) {
        const exact = levenshtein(a, b);
        expect(boundedLevenshtein(a, b, budget), `${JSON.stringify(a)} ${JSON.stringify(b)} budget ${budget}`).toBe(Math.min(exact, budget + 1));
      }
    }
  });

  it('handles strings longer than its reusable rows', () => {
    const long = 'x'.repeat(500);
    expect(boundedLevenshtein(long, `${long}y`, 2)).toBe(1);
    expect(boundedLevenshtein(long, `y${long.slice(1)}z`, 2)).toBe(2);
  });
});

describe('DidYouMean', () => {
  const site = 'https://shop.example';

  it('suggests the one sibling a typo is closest to, and nothing when two tie', () => {
    const d = new DidYouMean();
    for (const p of ['/docs/install-guide', '/docs/configuration', '/docs/upgrading']) d.addExisting(`${site}${p}`);
    expect(d.suggest(`${site}/docs/instal-guide`)).toBe(`${site}/docs/install-guide`);
    expect(d.suggest(`${site}/docs/configuraton`)).toBe(`${site}/docs/configuration`);
    expect(d.suggest(`${site}/docs/nothing-like-it`)).toBeNull();
    d.addExisting(`${site}/docs/configuratoon`);
    // `configuraton` is now one edit from two pages: no guess.
    expect(d.suggest(`${site}/docs/configuraton`)).toBeNull();
  });

  it('finds a typo among 100,000 siblings through the segment index, and withholds it when siblings crowd it', () => {
    const d = new DidYouMean();
    const colours = ['red', 'blue', 'green', 'black', 'white'];
    const items = ['shirt', 'trousers', 'jacket', 'sweater'];
    for (let i = 0; i < 100_000; i++) {
      d.addExisting(`${site}/product/${colours[i % 5]}-${items[Math.floor(i / 5) % 4]}-${String(Math.floor(i / 20)).padStart(5, '0')}`);
    }
    d.addExisting(`${site}/product/limited-edition-anniversary-hoodie`);
    expect(d.suggest(`${site}/product/limited-editon-anniversary-hoodie`)).toBe(`${site}/product/limited-edition-anniversary-hoodie`);
    // One digit off in a numbered range: ten siblings are one edit away.
    expect(d.suggest(`${site}/product/red-shirt-0012`)).toBeNull();
    // Thousands of broken URLs against the big folder stay quick (a benchmark, not an assertion on time).
    for (let i = 0; i < 2000; i++) d.suggest(`${site}/product/gren-jacket-${String(i).padStart(5, '0')}x`);
  });
});
