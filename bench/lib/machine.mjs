// What the figures were measured on.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/**
 * @typedef {object} MachineInfo
 * @property {string} date ISO timestamp.
 * @property {string} cpu
 * @property {number} cores
 * @property {number} ramGiB
 * @property {string} node
 * @property {string} os
 * @property {number[]} loadAverage 1, 5 and 15-minute load averages when the run started.
 */

/** @returns {MachineInfo} */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/**
 * First line of `<cmd> --version`, or null.
 * @param {string} cmd
 */
export function versionLine(cmd) {
  try {
    return execFileSync(cmd, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
      .split('\n')[0]?.trim() ?? null;
  } catch {
    return null;
  }
}
