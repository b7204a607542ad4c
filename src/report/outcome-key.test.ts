import { describe, expect, it } from 'vitest';
import { outcomeKey, outcomeLabel } from './outcome-key.js';
import { makeFinding } from './sample-scan-report.fixture.js';

describe('outcomeKey', () => {
  it('uses the engine code when there is one, even with a status', () => {
    expect(outcomeKey(makeFinding({ url: 'https://a/#x', status: 200, error: 'FRAGMENT_NOT_FOUND' }))).toBe(
      'FRAGMENT_NOT_FOUND',
    );
  });

  it('uses HTTP_<status> for a plain HTTP outcome', () => {
    expect(outcomeKey(makeFinding({ url: 'https://a/', status: 410 }))).toBe('HTTP_410');
  });

  it('uses the first redirect status for a redirected URL', () => {
    const redirected = makeFinding({
      url: 'http://a/',
      status: 200,
      category: 'redirected',
      redirects: [{ url: 'http://a/', status: 308, location: 'https://a/' }],
    });
    expect(outcomeKey(redirected)).toBe('HTTP_308');
  });

  it('falls back to NO_RESPONSE without status or code, as the summary counts it', () => {
    expect(outcomeKey(makeFinding({ url: 'https://a/', status: null }))).toBe('NO_RESPONSE');
  });
});

describe('outcomeLabel', () => {
  it('reads "404 Not Found" for HTTP and "CODE — title" for engine codes', () => {
    expect(outcomeLabel(makeFinding({ url: 'https://a/' }))).toBe('404 Not Found');
    expect(outcomeLabel(makeFinding({ url: 'https://a/', status: null, error: 'TIMEOUT', title: 'Timed out' }))).toBe(
      'TIMEOUT — Timed out',
    );
  });

  it('does not repeat a status or code the title already holds', () => {
    expect(outcomeLabel(makeFinding({ url: 'https://a/', title: '404 Not Found' }))).toBe('404 Not Found');
    expect(outcomeLabel(makeFinding({ url: 'https://a/', status: null, error: 'TIMEOUT', title: 'TIMEOUT' }))).toBe(
      'TIMEOUT',
    );
  });

  it('names a redirect by its first hop even when the title describes the final 200', () => {
    const redirected = makeFinding({
      url: 'http://a/',
      status: 200,
      category: 'redirected',
      title: '200 OK',
      redirects: [{ url: 'http://a/', status: 308, location: 'https://a/' }],
    });
    expect(outcomeLabel(redirected)).toBe('308 Permanent Redirect');
  });
});
