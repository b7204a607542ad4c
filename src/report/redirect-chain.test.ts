import { describe, expect, it } from 'vitest';
import { formatRedirectChain } from './redirect-chain.js';
import { makeFinding } from './sample-scan-report.fixture.js';

describe('formatRedirectChain', () => {
  it('is null without redirects', () => {
    expect(formatRedirectChain(makeFinding({ url: 'https://a/' }))).toBeNull();
  });

  it('lists each status and target, ending with the final status', () => {
    const finding = makeFinding({
      url: 'http://a/',
      status: 200,
      redirects: [
        { url: 'http://a/', status: 301, location: 'https://a/' },
        { url: 'https://a/', status: 302, location: 'https://a/home' },
      ],
    });
    expect(formatRedirectChain(finding)).toBe('301 → https://a/ → 302 → https://a/home → 200');
  });

  it('ends with the engine code when the chain itself failed', () => {
    const finding = makeFinding({
      url: 'https://a/',
      status: 301,
      error: 'REDIRECT_INVALID',
      redirects: [{ url: 'https://a/', status: 301, location: null }],
    });
    expect(formatRedirectChain(finding)).toBe('301 → (no Location header) → REDIRECT_INVALID');
  });
});
