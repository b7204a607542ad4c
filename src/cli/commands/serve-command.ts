import { Option, type Command } from 'commander';
import { StoreError } from '../../store/store-error.js';
import { openStore } from '../../store/store.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { describeStoreError, resolveDatabaseLocation } from '../store-options.js';

interface ServeOptions {
  port: string;
  host: string;
  db?: string;
  publicUrl?: string;
  allowPrivateNetworks?: boolean;
}

/** `dislike404 serve`: the web app and APIs on one port until SIGINT/SIGTERM. */
export function registerServeCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('serve')
    .description('run the web app and the /api/v1 API (accounts, sites, scans)')
    .option('--port <n>', 'port to listen on', '4040')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--public-url <url>', 'where users reach the server, for links in emails (default: http://<host>:<port>)')
    .addOption(new Option('--db <path|postgres-url>', 'database to use (default: $DISLIKE404_DB, else ~/.local/share/dislike404/dislike404.sqlite)'))
    .option('--allow-private-networks', 'let scans reach loopback and private addresses (off: users choose what the server fetches)')
    .action(async (opts: ServeOptions) => setExitCode(await runServe(opts, io)));
}

export async function runServe(opts: ServeOptions, io: CliIo): Promise<number> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`dislike404: expected --port to be a port number, got ${JSON.stringify(opts.port)}\n`);
    return EXIT_USAGE;
  }
  const location = resolveDatabaseLocation(opts.db, io.env, io.cwd);
  let store;
  let accounts;
  try {
    store = await openStore(location);
    const { openAccountsStore } = await import('../../store/open-accounts-store.js');
    accounts = await openAccountsStore(location);
  } catch (error) {
    await store?.close();
    if (!(error instanceof StoreError)) throw error;
    io.stderr.write(`dislike404: ${describeStoreError(error)}\n`);
    return EXIT_USAGE;
  }
  // Off unless the operator opts in: the flag, or DISLIKE404_ALLOW_PRIVATE_NETWORKS=1.
  const allowPrivateNetworks = opts.allowPrivateNetworks === true || io.env.DISLIKE404_ALLOW_PRIVATE_NETWORKS === '1';
  const publicUrl = opts.publicUrl ?? `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
  // Loaded on demand: the web stack is heavy, and `dislike404 scan` should not pay for it.
  const { buildApp } = await import('../../server/app.js');
  const app = await buildApp({ store, accounts, allowPrivateNetworks, publicUrl, logger: true });
  const address = await app.listen({ port, host: opts.host });
  io.stderr.write(`dislike404: serving on ${address}${allowPrivateNetworks ? ' (private networks allowed)' : ''}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    io.signal?.addEventListener('abort', stop, { once: true });
  });
  await app.close();
  await accounts.close();
  await store.close();
  return EXIT_OK;
}
