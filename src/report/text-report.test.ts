import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cleanScanReport, sampleScanReport } from './sample-scan-report.fixture.js';
import { renderTextReport } from './text-report.js';

function lineIndex(lines: string[], fragment: string): number {
  const index = lines.findIndex((line) => line.includes(fragment));
  expect(index, `no line contains ${JSON.stringify(fragment)}`).toBeGreaterThanOrEqual(0);
  return index;
}

describe('renderTextReport', () => {
  const text = renderTextReport(sampleScanReport());
  const lines = text.split('\n');

  it('opens with the start URL and the crawl numbers', () => {
    expect(lines[0]).toBe('dislike404 0.1.0 · https://shop.example.com/');
    expect(lines[1]).toBe('100 pages crawled · 3,412 URLs checked · 1 min 12 s · 47.2 URLs/s · 340 URLs in sitemap');
  });

  it('lists errors, then warnings, then notices, and no successes by default', () => {
    const errors = lineIndex(lines, '✖ Errors (5)');
    const warnings = lineIndex(lines, '⚠ Warnings (3)');
    const notices = lineIndex(lines, 'ℹ Notices (1)');
    expect(errors).toBeLessThan(warnings);
    expect(warnings).toBeLessThan(notices);
    expect(text).not.toContain('✔ OK');
  });

  it('groups by outcome with internal URLs before external ones', () => {
    const group = lineIndex(lines, '  404 Not Found (3)');
    const logo = lineIndex(lines, '    https://shop.example.com/assets/logo.png  internal · image · linked 50×');
    const pricing = lineIndex(lines, '    https://shop.example.com/pricing-old  internal');
    const partner = lineIndex(lines, '    https://partner.example.org/gone  external');
    expect(group).toBeLessThan(logo);
    expect(logo).toBeLessThan(pricing);
    expect(pricing).toBeLessThan(partner);
    expect(lineIndex(lines, 'DNS_NOT_FOUND — DNS name not found (1)')).toBeGreaterThan(partner);
  });

  it('gives each URL its reason, advice, suggestion and pages', () => {
    const pricing = lineIndex(lines, 'https://shop.example.com/pricing-old  internal');
    expect(lines.slice(pricing + 1, pricing + 7)).toEqual([
      '      This page of your site does not exist.',
      '      → Restore the page or update the links to it.',
      '      did you mean https://shop.example.com/pricing',
      '      on https://shop.example.com/ (line 12, <a> "<script>alert("x")</script>")',
      `      on https://shop.example.com/blog/launch (line 31, <a> "=cmd|' /C calc'!A0")`,
      '      on https://shop.example.com/features (line 40, <a> "Say "hi", then read on")',
    ]);
  });

  it('shows the redirect chain and the engine detail', () => {
    expect(text).toContain(
      '      redirects: 301 → https://shop.example.com/blog → 302 → https://shop.example.com/blog/ → 200',
    );
    expect(text).toContain('external · script · getaddrinfo ENOTFOUND cdn.nonexistent.invalid');
  });

  it('shows a fragment URL with its fragment and an invalid URL quoted as written', () => {
    expect(text).toContain('    https://shop.example.com/docs#instal  internal');
    expect(text).toContain('did you mean https://shop.example.com/docs#install');
    expect(text).toContain('    "http://exa mple.com/a b"  external');
    expect(text).toContain('"Café ünïcödé 日本語 🎉"');
  });

  it('caps occurrences per finding at 20 by default and says how many more', () => {
    const shown = lines.filter((line) => line.includes('(line 7, <img> "Shop logo")'));
    expect(shown).toHaveLength(20);
    expect(text).toContain('      … and 30 more');
  });

  it('honours maxOccurrencesShown', () => {
    const capped = renderTextReport(sampleScanReport(), { maxOccurrencesShown: 2 });
    expect(capped.split('\n').filter((line) => line.includes('"Shop logo"'))).toHaveLength(2);
    expect(capped).toContain('… and 48 more');
    expect(capped).toContain('… and 1 more');
  });

  it('never lets page text reach the terminal as control sequences', () => {
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F\u202E]/);
    expect(text).not.toContain('\uD800');
  });

  it('ends with counts by code, limits, robots and a one-line verdict', () => {
    expect(text).toContain('Outcomes: HTTP_200 3,401 · HTTP_404 3 · BLOCKED_BY_ROBOTS 1');
    expect(text).toContain('Stopped early: --max-pages 100 reached');
    expect(text).toContain('robots.txt crawl-delay 2 s: waited 2 s between requests');
    expect(text).toContain('1 URL skipped: disallowed by robots.txt');
    expect(lines.at(-2)).toBe('✖ 5 broken links (2 internal, 3 external) on 100 pages · 3 warnings · scan stopped early');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('lists successes compactly when showAll is set', () => {
    const all = renderTextReport(sampleScanReport(), { showAll: true });
    expect(all).toContain('✔ OK (1)');
    expect(all).toContain('  200 OK (1)\n    https://shop.example.com/\n');
  });

  it('says plainly when nothing is broken', () => {
    const clean = renderTextReport(cleanScanReport());
    expect(clean.trimEnd().split('\n').at(-1)).toBe('✔ No broken links found on 100 pages');
    expect(clean).not.toContain('Errors');
  });

  it('colours only when asked, and the colours hide no text', () => {
    expect(text).not.toContain('\u001b[');
    const coloured = renderTextReport(sampleScanReport(), { color: true });
    expect(coloured).toContain('\u001b[31m');
    expect(stripVTControlCharacters(coloured)).toBe(text);
  });
});
