import { describe, expect, it } from 'vitest';
import { isReportFormat, renderReport, REPORT_FORMATS } from './render-report.js';
import { sampleScanReport } from './sample-scan-report.fixture.js';
import { renderTextReport } from './text-report.js';

describe('renderReport', () => {
  it.each(REPORT_FORMATS)('renders %s as text ending in a newline', (format) => {
    const output = renderReport(sampleScanReport(), format);
    expect(output.length).toBeGreaterThan(100);
    expect(output.endsWith('\n')).toBe(true);
  });

  it('passes the options through to the format', () => {
    const options = { showAll: true, maxOccurrencesShown: 3, color: false };
    expect(renderReport(sampleScanReport(), 'text', options)).toBe(renderTextReport(sampleScanReport(), options));
  });

  it('does not modify the report it renders', () => {
    const report = sampleScanReport();
    for (const format of REPORT_FORMATS) renderReport(report, format, { showAll: true });
    expect(report).toEqual(sampleScanReport());
  });

  it('recognises format names', () => {
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('html')).toBe(true);
    expect(isReportFormat('pdf')).toBe(false);
  });
});
