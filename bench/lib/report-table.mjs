// Turns measurements into the Markdown tables the runner prints (readable in a terminal, pasteable).

/**
 * @typedef {object} ToolResult
 * @property {string} tool
 * @property {'ok' | 'failed' | 'skipped'} status
 * @property {string} [reason] Why skipped or failed.
 * @property {import('./measure.mjs').Measurement[]} runs
 * @property {{ wallS: number, cpuS: number | null, maxRssMb: number | null } | null} median
 * @property {import('./tools.mjs').ReportFigures | null} figures From the last run's report.
 * @property {import('./request-counter.mjs').ServerCounts | null} server From the last run.
 */

/**
 * @param {number[]} values
 * @returns {number | null}
 */
export function median(values) {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? null) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * @param {number | null | undefined} n
 * @param {number} digits
 */
function num(n, digits) {
  return n === null || n === undefined ? '—' : n.toFixed(digits);
}

/** @param {number | null | undefined} n */
function count(n) {
  return n === null || n === undefined ? '—' : n.toLocaleString('en-US');
}

/**
 * tool ÷ dislike404, so 3.0× means the tool took three times as long (or as much).
 * @param {number | null | undefined} value
 * @param {number | null | undefined} base
 */
function ratio(value, base) {
  if (value === null || value === undefined || base === null || base === undefined || base <= 0) return '—';
  return `${(value / base).toFixed(2)}×`;
}

/**
 * @param {ToolResult[]} results
 * @returns {string}
 */
export function resultsTable(results) {
  const base = results.find((r) => r.tool === 'dislike404' && r.status === 'ok')?.median ?? null;
  const header = ['tool', 'wall s', '÷ d404', 'CPU s', '÷ d404', 'peak RSS MB', '÷ d404', 'HTML pages/s',
    'server: requests (GET/HEAD)', 'server: HTML pages', 'report: pages / URLs / broken', 'exit'];
  const rows = [header, header.map((h) => (h === 'tool' ? '---' : '---:'))];
  for (const r of results) {
    if (r.status === 'skipped') {
      rows.push([r.tool, 'skipped', '', '', '', '', '', '', '', '', r.reason ?? '', '']);
      continue;
    }
    const m = r.median;
    const last = r.runs[r.runs.length - 1];
    const s = r.server;
    const f = r.figures;
    const pagesPerS = s !== null && m !== null && m.wallS > 0 ? s.distinctHtmlPages / m.wallS : null;
    rows.push([
      r.status === 'failed' ? `${r.tool} (FAILED)` : r.tool,
      num(m?.wallS, 2), ratio(m?.wallS, base?.wallS),
      num(m?.cpuS, 2), ratio(m?.cpuS, base?.cpuS),
      num(m?.maxRssMb, 0), ratio(m?.maxRssMb, base?.maxRssMb),
      num(pagesPerS, 0),
      s === null ? '—' : `${count(s.requests)} (${count(s.get)}/${count(s.head)})`,
      s === null ? '—' : count(s.distinctHtmlPages),
      f === null ? '—' : f.error ?? `${count(f.pages)} / ${count(f.urls)} / ${count(f.broken)}`,
      last === undefined ? '—' : last.timedOut ? 'timeout' : String(last.exitCode ?? last.signal ?? '?'),
    ]);
  }
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
