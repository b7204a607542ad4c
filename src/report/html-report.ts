import type { ScanReport } from '../core/report-types.js';
import { HTML_CLIENT_SCRIPT } from './html-client-list.js';
import { buildHtmlReportData } from './html-data.js';
import { embedJson, escapeHtmlAttribute, escapeHtmlText } from './html-escape.js';
import { renderFindingsFrame } from './html-filters.js';
import { HTML_REPORT_CSS } from './html-style.js';
import { renderSummary } from './html-summary.js';
import { digestScan } from './scan-digest.js';
import { toSingleLine } from './single-line.js';
import type { RenderOptions } from './render-options.js';
import { renderSuppressedSection } from './html-suppressed.js';
import { splitSuppressed, suppressedNote } from './suppressed-findings.js';

/*
 * Nothing may load from anywhere: the file is mailed, archived and opened offline, and crawled strings
 * must not be able to run code or phone home even if an escape were missed.
 */
export const HTML_REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/**
 * One self-contained HTML page: summary and charts rendered here, findings embedded as JSON and
 * listed by an inline script in pages of 200, so a 20,000-finding scan opens and filters quickly.
 */
export function renderHtmlReport(report: ScanReport, options: RenderOptions = {}): string {
  const { visible, suppressed } = splitSuppressed(report);
  const showSuppressed = options.showSuppressed === true;
  const data = buildHtmlReportData(visible);
  const digest = digestScan(visible);
  const notes = suppressed.length === 0 ? [] : [suppressedNote(suppressed.length, showSuppressed)];
  const host = URL.canParse(report.summary.startUrl) ? new URL(report.summary.startUrl).host : report.summary.startUrl;
  const title = `${toSingleLine(host)} · ${digest.verdict} · ${report.tool.name}`;
  return `${[
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${HTML_REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<meta name="generator" content="${escapeHtmlAttribute(`${report.tool.name} ${report.tool.version}`)}">`,
    `<title>${escapeHtmlText(title)}</title>`,
    `<style>${HTML_REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    renderSummary(visible, data, digest, notes),
    renderFindingsFrame(data),
    showSuppressed ? renderSuppressedSection(suppressed) : '',
    '</main>',
    `<script type="application/json" id="report-data">${embedJson(data)}</script>`,
    `<script>${HTML_CLIENT_SCRIPT}</script>`,
    '</body>',
    '</html>',
  ].join('\n')}\n`;
}
