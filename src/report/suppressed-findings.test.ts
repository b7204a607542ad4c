import { describe, expect, it } from 'vitest';
import type { Finding, ScanReport } from '../core/report-types.js';
import { renderReport } from './render-report.js';
import { makeFinding, sampleScanReport } from './sample-scan-report.fixture.js';
import { describeHistory, splitSuppressed } from './suppressed-findings.js';

const HIDDEN = 'https://example.com/retired-page';
const RULE = { ruleId: '7c1e2d3f-0000-4000-8000-000000000000', kind: 'prefix', pattern: 'https://example.com/retired', note: 'retired on purpose' };

/** The sample report with one extra internal 404 that a blacklist rule covers. */
function reportWithSuppressed(): ScanReport {
  const report = sampleScanReport();
  const hidden = makeFinding({ url: HIDDEN, suppressedBy: RULE });
  return { ...report, summary: { ...report.summary, suppressed: 1 }, findings: [hidden, ...report.findings] };
}

describe('suppressed findings in the rendered reports', () => {
  it.each(['text', 'markdown', 'html'] as const)('%s leaves them out by default and says how many', (format) => {
    const out = renderReport(reportWithSuppressed(), format);
    expect(out).not.toContain('retired-page');
    expect(out).toContain('1 finding suppressed by your blacklist (use --show-suppressed)');
  });

  it.each(['text', 'markdown', 'html'] as const)('%s lists them with the rule that matched on request', (format) => {
    const out = renderReport(reportWithSuppressed(), format, { showSuppressed: true });
    expect(out).toContain(HIDDEN);
    expect(out).toContain('Suppressed by your blacklist (1)');
    expect(out).toMatch(/prefix rule (&quot;|")https:\/\/example\.com\/retired(&quot;|") \(7c1e2d3f\): retired on purpose/);
    expect(out).not.toContain('(use --show-suppressed)');
  });

  it('keeps the verdict of the text report to the findings still reported', () => {
    const plain = renderReport(sampleScanReport(), 'text');
    const verdict = (text: string): string | undefined => text.trimEnd().split('\n').at(-1);
    expect(verdict(renderReport(reportWithSuppressed(), 'text'))).toBe(verdict(plain));
  });

  it('JUnit skips them instead of failing the build, naming the rule', () => {
    const xml = renderReport(reportWithSuppressed(), 'junit');
    const testcase = xml.split('<testcase').find((chunk) => chunk.includes('retired-page')) ?? '';
    expect(testcase).toContain('<skipped message="Suppressed by your blacklist: prefix rule');
    expect(testcase).not.toContain('<failure');
    const failures = (x: string): string | undefined => /<testsuites[^>]* failures="(\d+)"/.exec(x)?.[1];
    expect(failures(xml)).toBe(failures(renderReport(sampleScanReport(), 'junit')));
  });

  it('SARIF marks them with a suppression so code-scanning views hide them', () => {
    const log = JSON.parse(renderReport(reportWithSuppressed(), 'sarif')) as {
      runs: Array<{ results: Array<{ properties: { url: string }; suppressions?: Array<{ kind: string; justification: string }> }> }>;
    };
    const results = log.runs[0]?.results ?? [];
    const hidden = results.find((r) => r.properties.url === HIDDEN);
    expect(hidden?.suppressions).toEqual([{ kind: 'external', justification: 'prefix rule "https://example.com/retired" (7c1e2d3f): retired on purpose' }]);
    expect(results.filter((r) => r.suppressions !== undefined)).toHaveLength(1);
  });

  it('JSON and CSV keep them: they are the data, filtering is the reader’s choice', () => {
    expect(renderReport(reportWithSuppressed(), 'json')).toContain('"suppressedBy": {');
    const csv = renderReport(reportWithSuppressed(), 'csv');
    const hiddenRow = csv.split('\r\n').find((row) => row.startsWith(HIDDEN));
    expect(hiddenRow).toMatch(/,"?[a-z]+ rule ""/);
  });

  it('splitSuppressed returns the same report object when nothing is suppressed', () => {
    const report = sampleScanReport();
    expect(splitSuppressed(report).visible).toBe(report);
  });
});

describe('history notes', () => {
  const withHistory = (history: Finding['history']): ScanReport => {
    const report = sampleScanReport();
    return { ...report, findings: [makeFinding({ url: 'https://example.com/flaky', history }), ...report.findings] };
  };

  it('describes a streak, a new failure and a URL that is not failing', () => {
    expect(describeHistory({ failingScans: 3, scansSeen: 10, firstSeen: '2026-01-02T03:04:05.000Z' })).toBe('failing in the last 3 scans, since 2026-01-02');
    expect(describeHistory({ failingScans: 1, scansSeen: 4, firstSeen: '2026-01-05T00:00:00.000Z' })).toBe('new: worked in the previous scan (seen in 4 scans)');
    expect(describeHistory({ failingScans: 0, scansSeen: 2, firstSeen: null })).toBe('not failing; seen in 2 scans');
    expect(describeHistory(null)).toBeNull();
  });

  it.each(['text', 'markdown', 'html'] as const)('%s shows the note beside the finding', (format) => {
    const out = renderReport(withHistory({ failingScans: 3, scansSeen: 10, firstSeen: '2026-01-02T03:04:05.000Z' }), format);
    expect(out).toContain('failing in the last 3 scans, since 2026-01-02');
  });
});
