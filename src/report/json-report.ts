import type { ScanReport } from '../core/report-types.js';

/** The report exactly as the engine produced it; docs/report.schema.json is its contract. */
export function renderJsonReport(report: ScanReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
