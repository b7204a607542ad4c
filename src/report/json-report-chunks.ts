import type { ScanReport } from '../core/report-types.js';

/**
 * Chunks are gathered up to about this many characters before they are handed out. Kept well
 * under V8's 128 KB regular-object limit even for two-byte text: a larger string goes straight
 * to the large-object space, which only a full GC empties, and a batched variant whose pieces
 * were megabytes measured 50 MB more peak RSS at 100k pages.
 */
const CHUNK_CHARS = 16 * 1024;

/**
 * The JSON report in pieces, byte for byte what `renderJsonReport` returns, without ever holding
 * the whole text: each finding is serialised on its own and re-indented to its depth. On a large
 * site the report runs to tens of megabytes (two bytes a character once any link text is not
 * Latin-1), and building it as one string was the last big jump in a scan's peak memory.
 */
export function* jsonReportChunks(report: ScanReport): Generator<string, void, undefined> {
  let pending = '{';
  let first = true;
  for (const [key, value] of Object.entries(report)) {
    if (key === 'findings' && Array.isArray(value)) {
      pending += `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
      first = false;
      if (value.length === 0) {
        pending += '[]';
        continue;
      }
      pending += '[';
      for (let i = 0; i < value.length; i += 1) {
        pending += `${i === 0 ? '' : ','}\n    ${indent(JSON.stringify(value[i], null, 2) ?? 'null', '    ')}`;
        if (pending.length >= CHUNK_CHARS) {
          yield pending;
          pending = '';
        }
      }
      pending += '\n  ]';
      continue;
    }
    const text = JSON.stringify(value, null, 2) as string | undefined;
    if (text === undefined) continue; // JSON.stringify leaves out undefined and function values
    pending += `${first ? '' : ','}\n  ${JSON.stringify(key)}: ${indent(text, '  ')}`;
    first = false;
  }
  pending += first ? '}\n' : '\n}\n';
  yield pending;
}

/** Nested JSON text moved one level deeper; string values never hold a raw newline. */
function indent(json: string, prefix: string): string {
  return json.includes('\n') ? json.replaceAll('\n', `\n${prefix}`) : json;
}
