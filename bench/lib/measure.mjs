// Runs one command as a child and measures it: wall time here, CPU and peak RSS from GNU time.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { clearTimeout } from 'node:timers';

export const GNU_TIME = '/usr/bin/time';

/**
 * @typedef {object} CommandSpec
 * @property {string} cmd
 * @property {string[]} args
 * @property {string} cwd
 * @property {string} stdoutFile Where the command's stdout goes (reports printed to stdout land here).
 * @property {string} stderrFile
 * @property {string} timeFile Scratch file for GNU time's figures.
 * @property {number} timeoutMs The whole process group is killed after this.
 */

/**
 * @typedef {object} Measurement
 * @property {number} wallS
 * @property {number | null} cpuS User + system seconds of the command and its children.
 * @property {number | null} userS
 * @property {number | null} sysS
 * @property {number | null} maxRssMb Peak resident set of the largest process in the tree.
 * @property {number | null} exitCode
 * @property {string | null} signal
 * @property {boolean} timedOut
 * @property {string} stderrTail Last lines of stderr, for error messages.
 * @property {number} loadBefore One-minute load average just before the run (noise indicator).
 */

/**
 * @param {string} file
 * @param {number} lines
 */
export function tail(file, lines) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * GNU time writes "Command exited with non-zero status N" (or a signal line) before its format line.
 * @param {string} file
 * @returns {{ elapsed: number, rssKb: number, user: number, sys: number } | null}
 */
function readGnuTime(file) {
  const last = tail(file, 1).trim().split(/\s+/).map(Number);
  if (last.length !== 4 || last.some((n) => !Number.isFinite(n))) return null;
  const [elapsed = 0, rssKb = 0, user = 0, sys = 0] = last;
  return { elapsed, rssKb, user, sys };
}

/**
 * @param {CommandSpec} spec
 * @returns {Promise<Measurement>}
 */
export async function measure(spec) {
  const useTime = existsSync(GNU_TIME);
  const loadBefore = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const argv = useTime ? ['-f', '%e %M %U %S', '-o', spec.timeFile, spec.cmd, ...spec.args] : spec.args;
  const out = openSync(spec.stdoutFile, 'w');
  const err = openSync(spec.stderrFile, 'w');
  const started = performance.now();
  const child = spawn(useTime ? GNU_TIME : spec.cmd, argv, {
    cwd: spec.cwd,
    stdio: ['ignore', out, err],
    detached: true, // own process group, so a timeout can end the tool and everything it started
  });
  closeSync(out);
  closeSync(err);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, spec.timeoutMs);
  /** @type {{ code: number | null, signal: string | null }} */
  const result = await new Promise((resolve) => {
    child.once('error', (e) => resolve({ code: null, signal: e.message }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  const wallS = (performance.now() - started) / 1000;
  const t = useTime ? readGnuTime(spec.timeFile) : null;
  const signalLine = useTime ? tail(spec.timeFile, 2).match(/terminated by signal (\d+)/) : null;
  return {
    wallS,
    cpuS: t === null ? null : t.user + t.sys,
    userS: t?.user ?? null,
    sysS: t?.sys ?? null,
    maxRssMb: t === null ? null : t.rssKb / 1024,
    exitCode: signalLine ? null : result.code,
    signal: signalLine ? `signal ${signalLine[1]}` : result.signal,
    timedOut,
    stderrTail: tail(spec.stderrFile, 8),
    loadBefore,
  };
}
