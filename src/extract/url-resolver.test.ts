import { describe, expect, it } from 'vitest';
import { UrlResolver } from './url-resolver.js';

const BASES = [
  'https://user:pw@h.example:8443/a/b/c.html?q=1#frag',
  'https://h.example:8443/a/b/other.html',
  'https://h.example/a/b/',
  'https://h.example/a/',
  'https://h.example',
  'http://h.example/a/b/c.html',
  'http://[::1]:8080/x/y',
  'ws://h.example/a/b/c',
  'ftp://h.example/d/',
  'file:///tmp/a/b.html',
  'mailto:someone@h.example',
  'data:text/html,<p>',
  'not a url',
];

const RAWS = [
  'x.html', './x.html', '../x.html', '../../../../x', '.', '..', 'x?y#z', 'a/b/../c', '%2e%2e/x', 'a\\b', 'ünï/ß', 'x y',
  '/root', '/root?q', '/', '//other.example/p', '/\\other.example/p', '\\x', '?only', '#only', 'https:rel', 'HTTPS:rel',
  'https:/abs-path', 'http:rel', 'http:/p', 'http://other.example/p', 'https://other.example/p', 'HTTPS://Other.Example/P',
  'ws:rel', 'ftp:rel', 'file:rel', 'file:///etc/x', 'mailto:a@b.example', 'javascript:void(0)', 'data:,x', 'a:b', '1a:b',
  'a b:c', 'a+b.c-d:e', ':x', '\u0001/x', '\u0001//evil.example', 'x:', 'tel:+1-555', 'http://exa mple/', 'https://[::1',
];

describe('UrlResolver', () => {
  it('resolves exactly as new URL does, whatever other bases filled the shared cache first', () => {
    for (const order of [BASES, [...BASES].reverse(), [...BASES.slice(5), ...BASES.slice(0, 5)]]) {
      for (const base of order) {
        const resolver = new UrlResolver(base);
        for (const raw of RAWS) {
          let expected: string | null;
          try {
            expected = new URL(raw, URL.canParse(base) ? base : undefined).href;
          } catch {
            expected = null;
          }
          expect(resolver.resolve(raw), `${raw} against ${base}`).toBe(expected);
          expect(resolver.resolve(raw), `${raw} against ${base}, again`).toBe(expected);
        }
      }
    }
  });

  it('shares root- and path-relative resolutions between pages of one directory', () => {
    const first = new UrlResolver('https://docs.example/v1/intro.html');
    const second = new UrlResolver('https://docs.example/v1/setup.html?x#y');
    expect(first.resolve('next.html')).toBe('https://docs.example/v1/next.html');
    expect(second.resolve('next.html')).toBe('https://docs.example/v1/next.html');
    expect(new UrlResolver('https://docs.example/v2/a.html').resolve('next.html')).toBe('https://docs.example/v2/next.html');
    expect(new UrlResolver('https://other.example/v1/a.html').resolve('/x')).toBe('https://other.example/x');
  });
});
