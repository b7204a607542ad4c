import { describe, expect, it } from 'vitest';
import { formatDuration, formatQuantity, formatRate } from './format-quantity.js';

describe('format-quantity', () => {
  it('groups thousands and picks singular or plural', () => {
    expect(formatQuantity(1204, 'page')).toBe('1,204 pages');
    expect(formatQuantity(1, 'broken link')).toBe('1 broken link');
    expect(formatQuantity(0, 'warning')).toBe('0 warnings');
  });

  it('formats durations from milliseconds to hours', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2300)).toBe('2.3 s');
    expect(formatDuration(72_300)).toBe('1 min 12 s');
    expect(formatDuration(3_780_000)).toBe('1 h 03 min');
  });

  it('gives a rate only when there is something to divide', () => {
    expect(formatRate(3412, 72_300)).toBe('47.2 URLs/s');
    expect(formatRate(0, 1000)).toBeNull();
    expect(formatRate(10, 0)).toBeNull();
  });
});
