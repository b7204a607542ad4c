#!/usr/bin/env node
// `npm run bench`: runs each link checker against each scenario's server and prints wall time, CPU
// time and peak RSS, with ratios against dislike404. It prints figures and asserts nothing; a tool
// that fails is reported and the run goes on (exit 0).
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GNU_TIME, measure } from './lib/measure.mjs';
import { machineInfo, versionLine } from './lib/machine.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { median, resultsTable } from './lib/report-table.mjs';
import { allScenarios } from './lib/scenarios.mjs';
import { startServer } from './lib/server-child.mjs';
import { REPO_ROOT, TOOLS } from './lib/tools.mjs';

/** @typedef {import('./lib/report-table.mjs').ToolResult} ToolResult */
/** @typedef {import('./lib/scenarios.mjs').Scenario} Scenario */
/** @typedef {import('./lib/tools.mjs').Tool} Tool */
/** @typedef {import('./lib/options.mjs').BenchOptions} BenchOptions */

/** @param {string} line */
const progress = (line) => process.stderr.write(`${line}\n`);

/**
 * @param {BenchOptions} opts
 * @returns {Scenario[]}
 */
function selectScenarios(opts) {
  const all = allScenarios({ pages: opts.pages, latencyMs: opts.latencyMs });
  const wanted = opts.only ?? (opts.pages !== null ? [all[all.length - 1]?.name ?? ''] : all.slice(0, 3).map((s) => s.name));
  const unknown = wanted.filter((w) => !all.some((s) => s.name === w));
  if (unknown.length > 0) {
    throw new Error(`Expected --only to name ${all.map((s) => s.name).join(', ')} (add --pages N for synthetic-<N>); got ${JSON.stringify(unknown.join(','))}`);
  }
  return all.filter((s) => wanted.includes(s.name));
}

/**
 * One measured run of one tool against a fresh server, so no tool inherits another's warm caches.
 * @param {Scenario} scenario
 * @param {Tool} tool
 * @param {string} dir
 * @param {BenchOptions} opts
 */
async function runOnce(scenario, tool, dir, opts) {
  mkdirSync(dir, { recursive: true });
  const files = {
    dir,
    report: path.join(dir, tool.name === 'wget2' ? 'wget2.log' : 'report.json'),
    stdout: path.join(dir, 'stdout'),
    stderr: path.join(dir, 'stderr'),
  };
  const server = await startServer(scenario.serverScript, scenario.serverArgs);
  try {
    const { cmd, args } = tool.command(server.url, files, scenario.sitePages);
    const m = await measure({ cmd, args, cwd: dir, stdoutFile: files.stdout, stderrFile: files.stderr,
      timeFile: path.join(dir, 'time'), timeoutMs: opts.timeoutS * 1000 });
    const counts = await server.counts();
    return { m, counts, figures: tool.readReport(files) };
  } finally {
    await server.stop();
  }
}

/**
 * @param {Scenario} scenario
 * @param {Tool} tool
 * @param {string} workDir
 * @param {BenchOptions} opts
 * @returns {Promise<ToolResult>}
 */
async function runTool(scenario, tool, workDir, opts) {
  /** @type {ToolResult} */
  const result = { tool: tool.name, status: 'ok', runs: [], median: null, figures: null, server: null };
  for (let run = 1; run <= opts.runs; run++) {
    const dir = path.join(workDir, scenario.name, `${tool.name}-${run}`);
    try {
      const { m, counts, figures } = await runOnce(scenario, tool, dir, opts);
      result.runs.push(m);
      result.figures = figures;
      result.server = counts;
      const failure = m.timedOut ? `timed out after ${opts.timeoutS} s`
        : m.exitCode === null ? `ended by ${m.signal ?? 'unknown cause'}`
          : figures.error !== undefined ? `exit ${m.exitCode}; ${figures.error}` : null;
      progress(`  ${tool.name} run ${run}/${opts.runs}: ${m.wallS.toFixed(2)} s wall, `
        + `${m.cpuS?.toFixed(2) ?? '?'} s CPU, ${m.maxRssMb?.toFixed(0) ?? '?'} MB, exit ${m.exitCode ?? m.signal}; `
        + `server ${counts?.serverCpuS.toFixed(2) ?? '?'} s CPU; load before ${m.loadBefore}`);
      if (failure !== null) {
        result.status = 'failed';
        result.reason = `${failure}${m.stderrTail ? `\n    stderr: ${m.stderrTail.split('\n').join('\n    stderr: ')}` : ''}`;
        progress(`  ${tool.name} FAILED: ${result.reason}`);
        break;
      }
      if (!opts.keep) rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      result.status = 'failed';
      result.reason = e instanceof Error ? e.message : String(e);
      progress(`  ${tool.name} FAILED: ${result.reason}`);
      break;
    }
  }
  if (result.runs.length > 0) {
    const cpu = result.runs.map((r) => r.cpuS).filter((v) => v !== null);
    const rss = result.runs.map((r) => r.maxRssMb).filter((v) => v !== null);
    result.median = { wallS: median(result.runs.map((r) => r.wallS)) ?? 0, cpuS: median(cpu), maxRssMb: median(rss) };
  }
  return result;
}

/**
 * @param {Scenario} scenario
 * @param {string} workDir
 * @param {BenchOptions} opts
 * @returns {Promise<ToolResult[]>}
 */
async function runScenario(scenario, workDir, opts) {
  const tools = TOOLS.filter((t) => opts.tools.includes(t.name));
  /** @type {ToolResult[]} */
  const results = [];
  for (const tool of tools) {
    const skip = tool.unavailable() ?? (opts.withSlow ? null : scenario.slowReason(tool.name));
    if (skip !== null) {
      progress(`  ${tool.name}: skipped (${skip})`);
      results.push({ tool: tool.name, status: 'skipped', reason: skip, runs: [], median: null, figures: null, server: null });
      continue;
    }
    results.push(await runTool(scenario, tool, workDir, opts));
  }
  return results;
}

/** @param {BenchOptions} opts */
function printHeader(opts) {
  const m = machineInfo();
  const lines = [
    '# dislike404 benchmark',
    '',
    `- Date: ${m.date}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}`,
    `- Node: ${m.node}`,
    `- Load average at start: ${m.loadAverage.join(', ')} (other work on the machine inflates wall times; CPU seconds are steadier)`,
    `- Tools: ${TOOLS.filter((t) => t.name !== 'wget2').map((t) => t.version()).join('; ')}; ${versionLine('/usr/bin/wget2') ?? 'wget2 not found'}`,
    `- Settings: concurrency 10 for every tool; ${opts.runs} run(s) per tool (median); latency ${opts.latencyMs} ms; `
      + 'each run gets a fresh server child process',
  ];
  if (!existsSync(GNU_TIME)) lines.push(`- WARNING: ${GNU_TIME} missing (apt-get install -y time): CPU and RSS not measured`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return m;
}

async function main() {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }
  let scenarios;
  try {
    scenarios = selectScenarios(opts);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  const machine = printHeader(opts);
  const stamp = machine.date.replace(/[:.]/g, '-');
  const workDir = path.join(REPO_ROOT, 'bench/.work', stamp);
  /** @type {Record<string, unknown>} */
  const all = { machine, options: opts, scenarios: {} };

  for (const scenario of scenarios) {
    process.stdout.write(`\n## ${scenario.name}\n\n${scenario.description}\n`);
    const missing = scenario.unavailable();
    if (missing !== null) {
      process.stdout.write(`\nSkipped: ${missing}\n`);
      continue;
    }
    const expected = scenario.expected();
    if (expected !== null) {
      const n = (/** @type {number} */ v) => v.toLocaleString('en-US');
      process.stdout.write(`\nExpected (from the generator): ${n(expected.pages)} pages; `
        + `${n(expected.internalUrls)} internal URLs (${n(expected.internalBroken)} broken); `
        + `${n(expected.externalUrls)} external URLs (${n(expected.externalBroken)} broken); `
        + `${n(expected.redirectedUrls)} redirecting URLs; ${n(expected.fragmentLinks)} fragment links `
        + `(${n(expected.missingFragments)} missing ids); ${n(expected.linkOccurrences)} links in total.\n`);
    }
    progress(`[${scenario.name}]`);
    const results = await runScenario(scenario, workDir, opts);
    process.stdout.write(`\n${resultsTable(results)}\n`);
    for (const r of results.filter((x) => x.status === 'failed')) process.stdout.write(`\n${r.tool} failed: ${r.reason}\n`);
    /** @type {Record<string, unknown>} */ (all.scenarios)[scenario.name] = { description: scenario.description, expected, results };
  }

  const jsonFile = opts.json ?? path.join(REPO_ROOT, 'bench/.work', `results-${stamp}.json`);
  mkdirSync(path.dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(all, null, 2)}\n`);
  const shown = path.relative(process.cwd(), jsonFile);
  process.stdout.write(`\nAll measurements: ${shown.startsWith('..') ? jsonFile : shown}\n`);
  process.stdout.write('Ratios are tool ÷ dislike404: above 1.00× the other tool is slower or heavier.\n');
}

await main();
