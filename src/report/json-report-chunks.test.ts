import { describe, expect, it } from 'vitest';
import type { ScanReport } from '../core/report-types.js';
import { jsonReportChunks } from './json-report-chunks.js';
import { renderJsonReport } from './json-report.js';
import { cleanScanReport, sampleScanReport } from './sample-scan-report.fixture.js';

function streamed(report: ScanReport): string {
  return [...jsonReportChunks(report)].join('');
}

/** The same report with `findings` as its first key rather than its last. */
function findingsFirst(report: ScanReport): ScanReport {
  const { findings, ...rest } = report;
  return { findings, ...rest };
}

describe('jsonReportChunks', () => {
  it('streams exactly the text renderJsonReport returns', () => {
    for (const report of [sampleScanReport(), cleanScanReport()]) expect(streamed(report)).toBe(renderJsonReport(report));
  });

  it('matches with no findings, awkward strings and fields JSON leaves out', () => {
    const base = sampleScanReport();
    const finding = base.findings[0];
    if (!finding) throw new Error('fixture has no findings');
    const awkward = {
      ...finding,
      url: 'https://example.test/a\nb"c\\d\u2028—›\ud800',
      occurrences: [{ page: 'https://example.test/', element: 'a', attribute: 'href', text: 'line\none\ttab', line: 3 }],
      extra: undefined,
    };
    const reports: ScanReport[] = [
      { ...base, findings: [] },
      { ...base, findings: [awkward, finding, { ...finding, redirects: [], occurrences: [] }] },
      { ...base, options: {}, summary: { ...base.summary, byCode: {} } },
      { ...base, options: { nested: { deeper: [1, [2, { x: null }]], none: undefined }, findings: [] } } as ScanReport,
      findingsFirst(base),
      { ...base, findings: [undefined, finding] } as unknown as ScanReport,
    ];
    for (const report of reports) expect(streamed(report)).toBe(renderJsonReport(report));
  });

  it('hands a large report out in many pieces', () => {
    const base = sampleScanReport();
    const finding = base.findings[0];
    if (!finding) throw new Error('fixture has no findings');
    const report = { ...base, findings: Array.from({ length: 3000 }, (_, i) => ({ ...finding, url: `https://example.test/${i}` })) };
    const chunks = [...jsonReportChunks(report)];
    expect(chunks.length).toBeGreaterThan(20);
    expect(chunks.join('')).toBe(renderJsonReport(report));
  });
});
