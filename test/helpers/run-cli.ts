import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI run in this process, as a terminal-less script would run it: stdout and stderr captured,
 * no TTY, and only the environment and working directory given (never the test runner's own).
 */
export async function runCliCaptured(args: string[], options: { env?: CliIo['env']; cwd: string }): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli(args, { stdout, stderr, stdoutIsTTY: false, stderrIsTTY: false, env: options.env ?? {}, cwd: options.cwd });
  return { code, stdout: out, stderr: err };
}
