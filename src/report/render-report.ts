import type { ScanReport } from '../core/report-types.js';
import { renderCsvReport } from './csv-report.js';
import { renderHtmlReport } from './html-report.js';
import { renderJsonReport } from './json-report.js';
import { renderJunitReport } from './junit-report.js';
import { renderMarkdownReport } from './markdown-report.js';
import type { RenderOptions } from './render-options.js';
import type { ReportFormat } from './report-formats.js';
import { renderSarifReport } from './sarif-report.js';
import { renderTextReport } from './text-report.js';

export type { RenderOptions } from './render-options.js';

export { isReportFormat, REPORT_FORMATS, type ReportFormat } from './report-formats.js';

// A Record keyed by ReportFormat makes adding a format (html) a compile error until it is rendered.
const RENDERERS: Record<ReportFormat, (report: ScanReport, options: RenderOptions) => string> = {
  text: renderTextReport,
  json: renderJsonReport,
  csv: renderCsvReport,
  markdown: renderMarkdownReport,
  junit: renderJunitReport,
  sarif: renderSarifReport,
  html: renderHtmlReport,
};

/** The report in one format, as a string ending in a newline, ready to print or write to a file. */
export function renderReport(report: ScanReport, format: ReportFormat, options: RenderOptions = {}): string {
  return RENDERERS[format](report, options);
}
