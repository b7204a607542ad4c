import type { ScanReport } from '../core/report-types.js';

/** Findings serialised per piece; a piece of a large report is a few hundred kilobytes. */
const FINDINGS_PER_CHUNK = 256;

/** How `JSON.stringify(..., null, 2)` writes the top-level `findings` key when the array is empty. */
const EMPTY_FINDINGS = '\n  "findings": []';
const BATCH_OPEN = '{\n  "findings": [';
const BATCH_CLOSE = '\n  ]\n}';

/**
 * The JSON report in pieces, byte for byte what `renderJsonReport` returns, without ever holding
 * the whole text. On a large site the report runs to tens of megabytes (two bytes a character
 * once any link text is not Latin-1), and building it as one string was the last big jump in a
 * scan's peak memory.
 *
 * Everything but the findings is one `JSON.stringify` of the report with no findings; the
 * findings follow in batches, each serialised inside `{ findings: batch }` so that V8 indents
 * them at their real depth, and handed out as a slice of that text (no re-indenting, no copy).
 * A raw newline followed by two spaces only occurs between top-level keys (newlines inside
 * strings are escaped), so the empty `findings` key is found unambiguously.
 */
export function* jsonReportChunks(report: ScanReport): Generator<string, void, undefined> {
  const findings: unknown = report.findings;
  const skeleton = JSON.stringify({ ...report, findings: [] }, null, 2);
  const at = skeleton.indexOf(EMPTY_FINDINGS);
  if (!Array.isArray(findings) || findings.length === 0 || at < 0) {
    yield `${JSON.stringify(report, null, 2)}\n`;
    return;
  }
  yield `${skeleton.slice(0, at)}\n  "findings": [`;
  for (let start = 0; start < findings.length; start += FINDINGS_PER_CHUNK) {
    const batch = JSON.stringify({ findings: findings.slice(start, start + FINDINGS_PER_CHUNK) }, null, 2);
    if (start > 0) yield ',';
    yield batch.slice(BATCH_OPEN.length, batch.length - BATCH_CLOSE.length);
  }
  yield `\n  ]${skeleton.slice(at + EMPTY_FINDINGS.length)}\n`;
}
