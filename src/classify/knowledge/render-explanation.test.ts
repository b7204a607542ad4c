import { describe, expect, it } from 'vitest';
import { COMPARISON_PARTNERS } from './comparison-partners.js';
import { allKnowledgeEntries, lookupKnowledge } from './knowledge-base.js';
import type { KnowledgeEntry } from './knowledge-entry.js';
import { explainCode, renderComparison, renderExplanation } from './render-explanation.js';

// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ANSI = /\u001b\[\d+m/g;

function entry(key: string | number): KnowledgeEntry {
  const found = lookupKnowledge(key);
  if (!found) throw new Error(`no entry for ${key}`);
  return found;
}

function explained(input: string, width = 100): string {
  const result = explainCode(input, { width });
  if (!result.ok) throw new Error(result.message);
  return result.text;
}

const longestLine = (text: string): number => Math.max(...text.split('\n').map((line) => line.length));

describe('renderExplanation', () => {
  it('shows every part of the entry', () => {
    const e = entry(401);
    const text = renderExplanation(e);
    expect(text.startsWith('401 Unauthorized\n')).toBe(true);
    for (const part of [e.summary, ...e.causes.map((c) => c.split(' ')[0] ?? '')]) expect(text).toContain(part);
    expect(text).toMatch(/Internal link \(your site\):\s+error/);
    expect(text).toMatch(/External link \(another site\):\s+notice/);
    expect(text).toContain('403 Forbidden');
  });

  it.each([40, 80, 100])('keeps every entry within %i columns', (width) => {
    for (const e of allKnowledgeEntries()) {
      expect(longestLine(renderExplanation(e, { width })), e.key).toBeLessThanOrEqual(width);
    }
  });

  it('colours only when asked, without changing the text', () => {
    const plain = renderExplanation(entry('TLS_CERT_EXPIRED'));
    const coloured = renderExplanation(entry('TLS_CERT_EXPIRED'), { color: true });
    expect(plain).not.toMatch(ANSI);
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(plain);
  });

  it('names engine codes the way users type them', () => {
    expect(renderExplanation(entry('DNS_NOT_FOUND')).split('\n')[0]).toBe('DNS_NOT_FOUND (DNS name not found)');
  });
});

describe('renderComparison', () => {
  it('puts both outcomes side by side and ends with their difference', () => {
    const text = renderComparison(entry(404), entry(410));
    const [header] = text.split('\n');
    expect(header).toMatch(/^404 Not Found\s+│ 410 Gone$/);
    expect(text).toMatch(/internal link: error\s+│ internal link: error/);
    expect(text).toContain('The difference: 410 says the page was removed on purpose');
  });

  it.each([50, 100, 140])('stays within %i columns for every comparison pair', (width) => {
    for (const [a, b] of Object.entries(COMPARISON_PARTNERS)) {
      expect(longestLine(renderComparison(entry(a), entry(b), { width })), `${a}/${b}`).toBeLessThanOrEqual(width);
    }
  });

  it('defaults to 100 columns', () => {
    const separator = renderComparison(entry(502), entry(504)).split('\n')[1] ?? '';
    expect(separator.length).toBeLessThanOrEqual(100);
    expect(separator.length).toBeGreaterThan(95);
  });
});

describe('explainCode', () => {
  it('explains 401 and compares it with 403', () => {
    const text = explained('401').replace(/\s+/g, ' ');
    expect(text).toContain('your authentication is protecting a public page');
    expect(text).toContain('Side by side: 401 Unauthorized vs 403 Forbidden');
  });

  it.each([
    ['403', '401 Unauthorized'],
    ['404', '410 Gone'],
    ['410', '404 Not Found'],
    ['301', '302 Found'],
    ['302', '301 Moved Permanently'],
    ['307', '308 Permanent Redirect'],
    ['308', '301 Moved Permanently'],
    ['502', '504 Gateway Timeout'],
    ['503', '502 Bad Gateway'],
    ['504', '502 Bad Gateway'],
  ])('adds a comparison for %s', (input, partner) => {
    expect(explained(input)).toMatch(new RegExp(`Side by side: .* vs ${partner}`));
  });

  it('pairs only outcomes whose difference is written down', () => {
    for (const [a, b] of Object.entries(COMPARISON_PARTNERS)) {
      const written = entry(a).related.some((r) => r.key === b) || entry(b).related.some((r) => r.key === a);
      expect(written, `${a}/${b}`).toBe(true);
    }
  });

  it('explains without a comparison when there is no natural pair', () => {
    expect(explained('418')).not.toContain('Side by side');
  });

  it('accepts engine codes in any case and unregistered statuses', () => {
    expect(explained('tls_cert_expired')).toContain('Certificate expired');
    expect(explained('432')).toContain('Unregistered status 432');
  });

  it('answers unknown input with one line saying where valid codes are listed', () => {
    const result = explainCode('banana');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).not.toContain('\n');
    expect(result.message).toContain('docs/errors.md');
    expect(result.message).toContain('404');
  });

  it('suggests the code a typo was probably meant to be', () => {
    const result = explainCode('TLS_CERT_EXPRIED');
    expect(result.ok ? '' : result.message).toContain('Did you mean TLS_CERT_EXPIRED?');
  });

  it('passes the width through to both parts', () => {
    expect(longestLine(explained('401', 60))).toBeLessThanOrEqual(60);
  });
});
