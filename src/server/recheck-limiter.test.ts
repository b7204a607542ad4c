import { describe, expect, it } from 'vitest';
import { RecheckLimiter } from './recheck-limiter.js';

describe('RecheckLimiter', () => {
  it('lets maxRechecks through per key and window, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RecheckLimiter({ maxRechecks: 3, windowMs: 60_000 }, () => now);
    expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
    now += 20_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(40);
    expect(limiter.take('b')).toBe(0);
    now += 40_001;
    // The two oldest have left the window; the one from 20 s in has not.
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 20]);
  });
});
