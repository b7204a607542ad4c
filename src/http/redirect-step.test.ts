import { describe, expect, it } from 'vitest';
import { decideRedirect, isRedirect } from './redirect-step.js';

const limits = { maxRedirects: 5, maxUrlLength: 100 };
const here = new URL('http://site.invalid/dir/page');

describe('decideRedirect', () => {
  it('resolves a relative Location and drops the fragment from the next request', () => {
    const decision = decideRedirect(here, '../other#top', new Set([here.href]), 0, limits);
    expect(decision).toMatchObject({ kind: 'follow', location: 'http://site.invalid/other#top' });
    expect(decision.kind === 'follow' && decision.next.href).toBe('http://site.invalid/other');
  });

  it('reads a Location sent as raw UTF-8 bytes the way browsers do', () => {
    const latin1 = Buffer.from('/café', 'utf8').toString('latin1');
    const decision = decideRedirect(here, latin1, new Set(), 0, limits);
    expect(decision.location).toBe('http://site.invalid/caf%C3%A9');
  });

  it('refuses a target longer than maxUrlLength', () => {
    const decision = decideRedirect(here, `/${'x'.repeat(200)}`, new Set(), 0, limits);
    expect(decision).toMatchObject({ kind: 'stop', code: 'URL_TOO_LONG' });
  });

  it('treats a blank Location as missing', () => {
    expect(decideRedirect(here, '   ', new Set(), 0, limits)).toMatchObject({ code: 'REDIRECT_INVALID', location: null });
  });
});

describe('isRedirect', () => {
  it('follows 300 only when it names a target and never treats 304 as a redirect', () => {
    expect(isRedirect(300, undefined)).toBe(false);
    expect(isRedirect(300, '/x')).toBe(true);
    expect(isRedirect(304, '/x')).toBe(false);
    expect(isRedirect(308, undefined)).toBe(true);
  });
});
