import { describe, expect, it } from 'vitest';
import { detachString } from './detach-string.js';

describe('detachString', () => {
  it('returns an equal string for plain, non-Latin-1, control and lone-surrogate text', () => {
    const page = `<a>— ${'x'.repeat(40)} "quoted" \\ back\nline\u2028 \ud800 end</a>`;
    for (const value of ['', 'a', page, page.slice(3, 60), page.slice(40)]) expect(detachString(value)).toBe(value);
  });
});
