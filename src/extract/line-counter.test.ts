import { describe, expect, it } from 'vitest';
import { LineCounter } from './line-counter.js';

describe('LineCounter', () => {
  it('maps offsets to 1-based lines', () => {
    const counter = new LineCounter();
    counter.push('a\nb\n\nc');
    expect(counter.lineAt(0)).toBe(1);
    expect(counter.lineAt(2)).toBe(2);
    expect(counter.lineAt(4)).toBe(3);
    expect(counter.lineAt(5)).toBe(4);
  });

  it('counts across chunk boundaries, including a newline that ends a chunk', () => {
    const counter = new LineCounter();
    counter.push('ab\n');
    counter.push('\ncd');
    counter.push('e\nf');
    expect(counter.lineAt(3)).toBe(2);
    expect(counter.lineAt(4)).toBe(3);
    expect(counter.lineAt(8)).toBe(4);
  });

  it('starts from the given first line and never goes backwards', () => {
    const counter = new LineCounter(10);
    counter.push('x\ny\nz');
    expect(counter.lineAt(4)).toBe(12);
    expect(counter.lineAt(0)).toBe(12);
  });

  it('stays linear on a long line queried many times', () => {
    const counter = new LineCounter();
    const line = 'x'.repeat(2_000_000);
    counter.push(line);
    const started = performance.now();
    for (let offset = 0; offset < line.length; offset += 100) counter.lineAt(offset);
    expect(counter.lineAt(line.length)).toBe(1);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
