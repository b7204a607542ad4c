import { describe, expect, it } from 'vitest';
import { parseDurationMs, parseSizeBytes } from './parse-units.js';

describe('parseDurationMs', () => {
  it('reads seconds by default and the ms/s/m/h forms', () => {
    expect(parseDurationMs('20')).toBe(20_000);
    expect(parseDurationMs(20)).toBe(20_000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('1h')).toBe(3_600_000);
  });
  it('rejects nonsense, zero and negatives', () => {
    for (const bad of ['soon', '', '0', '-5s', '5 parsecs', 0, -1, Number.NaN]) expect(parseDurationMs(bad)).toBeNull();
  });
});

describe('parseSizeBytes', () => {
  it('reads bytes and binary multiples', () => {
    expect(parseSizeBytes('1024')).toBe(1024);
    expect(parseSizeBytes('512KB')).toBe(512 * 1024);
    expect(parseSizeBytes('10MB')).toBe(10 * 1024 * 1024);
    expect(parseSizeBytes('1g')).toBe(1024 ** 3);
  });
  it('rejects nonsense', () => {
    for (const bad of ['big', '-1', '0', 1.5]) expect(parseSizeBytes(bad)).toBeNull();
  });
});
