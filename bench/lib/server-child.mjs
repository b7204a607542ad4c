// Starts a bench server as a child process (so its CPU is not the checker's) and waits for READY.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { clearTimeout } from 'node:timers';
import { CONTROL_PATH } from './request-counter.mjs';

/** @typedef {import('./request-counter.mjs').ServerCounts} ServerCounts */

/**
 * @typedef {object} RunningServer
 * @property {string} url Start URL printed after READY.
 * @property {() => Promise<ServerCounts | null>} counts What the server answered so far.
 * @property {() => Promise<void>} stop
 */

/**
 * @param {string} script Path to the server script.
 * @param {string[]} args
 * @param {number} [readyTimeoutMs]
 * @returns {Promise<RunningServer>}
 */
export async function startServer(script, args, readyTimeoutMs = 15_000) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));

  /** @type {string} */
  const url = await new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => fail(new Error(`no READY line within ${readyTimeoutMs} ms`)), readyTimeoutMs);
    /** @param {Error} err */
    const fail = (err) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start: ${err.message}${stderr ? `\n${stderr.trim()}` : ''}`, { cause: err }));
    };
    /** @param {number | null} code */
    const onExit = (code) => fail(new Error(`exited with code ${code}`));
    child.once('error', fail);
    child.once('exit', onExit);
    /** @param {string} d */
    const onData = (d) => {
      buffered += d;
      const m = buffered.match(/^READY (\S+)$/m);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        child.off('exit', onExit);
        child.off('error', fail);
        child.stdout.off('data', onData);
        resolve(m[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
  });
  child.stdout.resume();

  return {
    url,
    counts: () => getJson(new URL(CONTROL_PATH, url).href),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * @param {string} url
 * @returns {Promise<ServerCounts | null>}
 */
function getJson(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => { body += d; });
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch {
          resolve(null);
        }
      });
    });
    req.on('error', () => resolve(null));
    req.setTimeout(5000, () => req.destroy());
  });
}
