import { describe, expect, it } from 'vitest';
import { backoffDelayMs, parseRetryAfter } from './retry-delay.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 31 Dec 2023 23:00:00 GMT', now)).toBe(0);
  });

  it('returns null for absent or unparsable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});

describe('backoffDelayMs', () => {
  it('doubles the ceiling per retry and caps it', () => {
    const top = (): number => 0.999_999;
    expect([0, 1, 2, 3, 4].map((index) => backoffDelayMs(index, 100, 500, top))).toEqual([99, 199, 399, 499, 499]);
  });

  it('draws uniformly from zero (full jitter)', () => {
    expect(backoffDelayMs(3, 100, 10_000, () => 0)).toBe(0);
  });
});
