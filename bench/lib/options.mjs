// Command-line options of bench/run.mjs, parsed once and checked.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: node bench/run.mjs [options]   (or: npm run bench -- [options])

  --only LIST        Comma-separated scenarios: pg-manual, synthetic-1k, synthetic-10k, synthetic-<N>
                     (default: pg-manual, synthetic-1k, synthetic-10k; with --pages: just synthetic-<N>)
  --tools LIST       Comma-separated tools: dislike404, dislike404+store, linkinator, wget2 (default: all)
  --pages N          Add a synthetic scenario of N pages (e.g. 100000); slow tools skip it
  --latency-ms N     Delay every server response by N ms (default 0)
  --runs N           Run each tool N times and report the median (default 1)
  --with-slow        Also run tools skipped as too slow (linkinator on ≥10k pages, wget2 on >10k pages)
  --timeout-s N      Kill a tool run after N seconds (default 1800)
  --json FILE        Also write all measurements as JSON (default bench/.work/results-<time>.json)
  --keep             Keep every run's reports and logs in bench/.work/<time>/ (default: failed runs only)
  --help             Show this text
`;

/**
 * @typedef {object} BenchOptions
 * @property {string[] | null} only
 * @property {string[]} tools
 * @property {number | null} pages
 * @property {number} latencyMs
 * @property {number} runs
 * @property {boolean} withSlow
 * @property {number} timeoutS
 * @property {string | null} json
 * @property {boolean} keep
 * @property {boolean} help
 */

export const TOOL_NAMES = ['dislike404', 'linkinator', 'wget2'];

/**
 * @param {string | undefined} value
 * @param {string} name
 * @param {number} min
 */
function int(value, name, min) {
  const n = Number(value);
  if (value === undefined || !/^[0-9]+$/.test(value) || n < min) {
    throw new Error(`Expected --${name} to be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** @param {string | undefined} value */
function list(value) {
  return value === undefined ? null : value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * @param {string[]} argv
 * @returns {BenchOptions}
 */
export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      tools: { type: 'string' },
      pages: { type: 'string' },
      'latency-ms': { type: 'string', default: '0' },
      runs: { type: 'string', default: '1' },
      'with-slow': { type: 'boolean', default: false },
      'timeout-s': { type: 'string', default: '1800' },
      json: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const tools = list(values.tools) ?? TOOL_NAMES;
  const unknown = tools.filter((t) => !TOOL_NAMES.includes(t));
  if (unknown.length > 0) throw new Error(`Expected --tools to list ${TOOL_NAMES.join(', ')}; got ${JSON.stringify(unknown.join(','))}`);
  return {
    only: list(values.only),
    tools,
    pages: values.pages === undefined ? null : int(values.pages, 'pages', 1),
    latencyMs: int(values['latency-ms'], 'latency-ms', 0),
    runs: int(values.runs, 'runs', 1),
    withSlow: values['with-slow'] ?? false,
    timeoutS: int(values['timeout-s'], 'timeout-s', 1),
    json: values.json ?? null,
    keep: values.keep ?? false,
    help: values.help ?? false,
  };
}
