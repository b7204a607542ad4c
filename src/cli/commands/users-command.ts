import type { Command } from 'commander';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../../server/passwords.js';

/** The accounts store (and its database drivers) load only when a users command runs. */
const openAccountsStore: typeof import('../../store/open-accounts-store.js').openAccountsStore = async (location) =>
  (await import('../../store/open-accounts-store.js')).openAccountsStore(location);
import { isStoreError } from '../../store/store-error.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { resolveDatabaseLocation, withStore } from '../store-options.js';

interface UsersOptions {
  db?: string;
  admin?: boolean;
  passwordStdin?: boolean;
}

/** `dislike404 users add|list`: operator account management against the server's database. */
export function registerUsersCommand(program: Command, io: CliIo & { stdin?: NodeJS.ReadableStream }, setExitCode: (code: number) => void): void {
  const users = program.command('users').description("manage the web app's accounts (safe while the server runs)");
  users
    .command('add')
    .description('create an account; the password is read from stdin')
    .argument('<email>', 'the account email')
    .option('--password-stdin', 'read the password from the first line of stdin (required: passwords never go on the command line)')
    .option('--admin', 'make the account an operator')
    .option('--db <path|postgres-url>', 'database to use (default: $DISLIKE404_DB)')
    .action(async (email: string, opts: UsersOptions) => setExitCode(await runUsersAdd(email, opts, io, io.stdin ?? process.stdin)));
  users
    .command('list')
    .description('every account with its creation date')
    .option('--db <path|postgres-url>', 'database to use (default: $DISLIKE404_DB)')
    .action(async (opts: UsersOptions) => setExitCode(await runUsersList(opts, io)));
}

export async function runUsersAdd(email: string, opts: UsersOptions, io: CliIo, stdin: NodeJS.ReadableStream): Promise<number> {
  if (!opts.passwordStdin) {
    io.stderr.write('dislike404: pass --password-stdin and pipe the password in\n');
    return EXIT_USAGE;
  }
  const password = (await readFirstLine(stdin)).trim();
  if (password.length < MIN_PASSWORD_LENGTH) {
    io.stderr.write(`dislike404: the password must be at least ${MIN_PASSWORD_LENGTH} characters\n`);
    return EXIT_USAGE;
  }
  const location = resolveDatabaseLocation(opts.db, io.env, io.cwd);
  // withStore migrates the database first, so the accounts tables exist.
  return withStore(location, io, async () => {
    const accounts = await openAccountsStore(location);
    try {
      const user = await accounts.addUser({ email, passwordHash: await hashPassword(password), isAdmin: opts.admin === true, createdAt: new Date().toISOString() });
      io.stdout.write(`${user.id}  ${user.email}${user.isAdmin ? '  admin' : ''}\n`);
      return EXIT_OK;
    } catch (error) {
      if (!isStoreError(error, 'CONFLICT')) throw error;
      io.stderr.write(`dislike404: an account for ${email.toLowerCase()} already exists\n`);
      return EXIT_USAGE;
    } finally {
      await accounts.close();
    }
  });
}

export async function runUsersList(opts: UsersOptions, io: CliIo): Promise<number> {
  const location = resolveDatabaseLocation(opts.db, io.env, io.cwd);
  return withStore(location, io, async () => {
    const accounts = await openAccountsStore(location);
    try {
      for (const user of await accounts.listUsers()) io.stdout.write(`${user.id}  ${user.email}  ${user.createdAt}${user.isAdmin ? '  admin' : ''}\n`);
      return EXIT_OK;
    } finally {
      await accounts.close();
    }
  });
}

async function readFirstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n', 1)[0] ?? '';
}
