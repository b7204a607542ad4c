import type { Finding, ScanReport } from '../core/report-types.js';
import type { LinkOccurrence } from '../core/types.js';
import { csvRow } from './csv-cell.js';
import { compareFindings, sortOccurrences } from './group-findings.js';
import { describeSuppression } from './suppressed-findings.js';

export const CSV_COLUMNS = [
  'url',
  'status',
  'error',
  'severity',
  'category',
  'internal',
  'kind',
  'title',
  'final_url',
  'redirect_count',
  'page',
  'element',
  'attribute',
  'text',
  'line',
  'suppressed_by',
] as const;

const SEVERITY_RANK = { error: 0, warning: 1, notice: 2, ok: 3 } as const;

/**
 * One row per place a URL appears, so a spreadsheet filter on `page` gives a page's to-do list.
 * CRLF line ends per RFC 4180, which Excel also expects.
 */
export function renderCsvReport(report: ScanReport): string {
  const findings = [...report.findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || compareFindings(a, b),
  );
  const rows = [csvRow(CSV_COLUMNS)];
  for (const finding of findings) {
    const occurrences = sortOccurrences(finding.occurrences);
    // Kept as data, but marked, so a spreadsheet filter can hide what the blacklist suppressed.
    const suppressedBy = finding.suppressedBy === null ? '' : describeSuppression(finding.suppressedBy);
    if (occurrences.length === 0) rows.push(csvRow([...findingCells(finding), '', '', '', '', null, suppressedBy]));
    for (const occurrence of occurrences) rows.push(csvRow([...findingCells(finding), ...occurrenceCells(occurrence), suppressedBy]));
  }
  return `${rows.join('\r\n')}\r\n`;
}

function findingCells(finding: Finding): Array<string | number | boolean | null> {
  return [
    finding.url,
    finding.status,
    finding.error,
    finding.severity,
    finding.category,
    finding.internal,
    finding.kind,
    finding.title,
    finding.finalUrl,
    finding.redirects.length,
  ];
}

function occurrenceCells(occurrence: LinkOccurrence): Array<string | number | null> {
  const line = occurrence.line >= 1 ? occurrence.line : null;
  return [occurrence.page, occurrence.element, occurrence.attribute, occurrence.text, line];
}
