import { describe, expect, it } from 'vitest';
import { parseMetaRefresh } from './meta-refresh.js';

describe('parseMetaRefresh', () => {
  it.each([
    ['0;url=/x', '/x'],
    ['0;URL=/x', '/x'],
    ["0;URL='/x'", '/x'],
    ['0; url="/x" ', '/x'],
    ['5 ; url = https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['0, /x', '/x'],
    ['0 /x', '/x'],
    ['0;/x', '/x'],
    ['1.5; url=/x', '/x'],
    ["0;url='/x'junk", '/x'],
    ['0; urlish/path', 'urlish/path'],
  ])('reads the URL from %j', (content, expected) => {
    expect(parseMetaRefresh(content)).toBe(expected);
  });

  it.each([['5'], [''], ['  '], ['0;'], ['0; url='], ['soon; url=/x'], ['5x;url=/x']])(
    'returns null for %j, which only reloads the page or is malformed',
    (content) => {
      expect(parseMetaRefresh(content)).toBeNull();
    },
  );
});
