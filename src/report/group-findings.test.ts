import { describe, expect, it } from 'vitest';
import { groupFindings, sharedExplanation, sortOccurrences, totalOccurrences } from './group-findings.js';
import { makeFinding, occurrence, sampleScanReport } from './sample-scan-report.fixture.js';

describe('groupFindings', () => {
  it('orders sections error, warning, notice and leaves ok out unless asked', () => {
    const { findings } = sampleScanReport();
    expect(groupFindings(findings, { includeOk: false }).map((section) => section.severity)).toEqual([
      'error',
      'warning',
      'notice',
    ]);
    expect(groupFindings(findings, { includeOk: true }).map((section) => section.severity)).toEqual([
      'error',
      'warning',
      'notice',
      'ok',
    ]);
  });

  it('groups by outcome key with the largest group first', () => {
    const [errors] = groupFindings(sampleScanReport().findings, { includeOk: false });
    expect(errors?.groups.map((group) => group.key)).toEqual(['HTTP_404', 'DNS_NOT_FOUND', 'INVALID_URL']);
    expect(errors?.groups[0]?.label).toBe('404 Not Found');
    expect(errors?.count).toBe(5);
  });

  it('puts internal URLs before external ones, the most linked first', () => {
    const [errors] = groupFindings(sampleScanReport().findings, { includeOk: false });
    expect(errors?.groups[0]?.findings.map((finding) => finding.url)).toEqual([
      'https://shop.example.com/assets/logo.png',
      'https://shop.example.com/pricing-old',
      'https://partner.example.org/gone',
    ]);
  });

  it('groups a redirect under the status that redirected, not the final 200', () => {
    const sections = groupFindings(sampleScanReport().findings, { includeOk: false });
    const warningKeys = sections.find((section) => section.severity === 'warning')?.groups.map((group) => group.key);
    expect(warningKeys).toContain('HTTP_301');
    expect(warningKeys).not.toContain('HTTP_200');
  });

  it('returns no sections for no findings', () => {
    expect(groupFindings([], { includeOk: true })).toEqual([]);
  });
});

describe('sharedExplanation', () => {
  it('returns the reason and advice when every finding in the group has the same', () => {
    const a = makeFinding({ url: 'https://a.example/', reason: 'R', advice: 'A' });
    const b = makeFinding({ url: 'https://b.example/', reason: 'R', advice: 'A' });
    expect(sharedExplanation({ key: 'HTTP_404', label: '404', findings: [a, b] })).toEqual({ reason: 'R', advice: 'A' });
  });

  it('returns null for a single finding or differing explanations', () => {
    const a = makeFinding({ url: 'https://a.example/', reason: 'R' });
    const b = makeFinding({ url: 'https://b.example/', reason: 'Other' });
    expect(sharedExplanation({ key: 'HTTP_404', label: '404', findings: [a] })).toBeNull();
    expect(sharedExplanation({ key: 'HTTP_404', label: '404', findings: [a, b] })).toBeNull();
  });
});

describe('occurrence helpers', () => {
  it('sorts occurrences by page, then line', () => {
    const sorted = sortOccurrences([
      occurrence('https://s.example/b', 3, ''),
      occurrence('https://s.example/a', 9, ''),
      occurrence('https://s.example/a', 2, ''),
    ]);
    expect(sorted.map((o) => `${o.page}:${o.line}`)).toEqual([
      'https://s.example/a:2',
      'https://s.example/a:9',
      'https://s.example/b:3',
    ]);
  });

  it('counts the true total even when the engine capped the stored occurrences', () => {
    const capped = makeFinding({ url: 'https://a.example/', occurrences: [occurrence('https://p/', 1, '')], occurrenceCount: 70 });
    expect(totalOccurrences(capped)).toBe(70);
  });
});
