// The format names alone, without the renderers: `--help` lists them and config validation checks
// them, and neither should pay for loading seven renderers and the knowledge base.
export const REPORT_FORMATS = ['text', 'json', 'csv', 'markdown', 'junit', 'sarif', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}
