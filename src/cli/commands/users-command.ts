import { hashPassword, MIN_PASSWORD_LENGTH } from '../../server/passwords.js';
import type { AccountsStore, User } from '../../store/accounts-store.js';
import { isStoreError } from '../../store/store-error.js';
import type { Store } from '../../store/store.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { resolveDatabaseLocation, withStore } from '../store-options.js';
import { UsageError } from '../usage-error.js';

/** The accounts store (and its database drivers) load only when an account command runs. */
const openAccountsStore: typeof import('../../store/open-accounts-store.js').openAccountsStore = async (location) =>
  (await import('../../store/open-accounts-store.js')).openAccountsStore(location);

/**
 * Opens the store (which migrates the database, so the accounts tables exist) and the accounts
 * beside it, runs `fn`, and closes both. Each write is its own short transaction (WAL on SQLite),
 * so this is safe while `dislike404 serve` uses the same database. Storage failures and
 * UsageErrors become one `dislike404: …` line and exit code 2.
 */
export function withAccounts(db: string | undefined, io: CliIo, fn: (accounts: AccountsStore, store: Store) => Promise<number>): Promise<number> {
  const location = resolveDatabaseLocation(db, io.env, io.cwd);
  return withStore(location, io, async (store) => {
    const accounts = await openAccountsStore(location);
    try {
      return await fn(accounts, store);
    } finally {
      await accounts.close().catch(() => undefined);
    }
  });
}

/** The account with this email, or a UsageError naming it. */
export async function requireUser(accounts: AccountsStore, email: string): Promise<User> {
  const user = await accounts.getUserByEmail(email.trim());
  if (user === null) throw new UsageError(`no account for ${email.trim().toLowerCase()} (see dislike404 users list)`);
  return { id: user.id, email: user.email, isAdmin: user.isAdmin, createdAt: user.createdAt };
}

export interface UsersOptions {
  db?: string;
  admin?: boolean;
  passwordStdin?: boolean;
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
  return withAccounts(opts.db, io, async (accounts) => {
    try {
      const user = await accounts.addUser({ email, passwordHash: await hashPassword(password), isAdmin: opts.admin === true, createdAt: new Date().toISOString() });
      io.stdout.write(`${user.id}  ${user.email}${user.isAdmin ? '  admin' : ''}\n`);
      return EXIT_OK;
    } catch (error) {
      if (!isStoreError(error, 'CONFLICT')) throw error;
      io.stderr.write(`dislike404: an account for ${email.toLowerCase()} already exists\n`);
      return EXIT_USAGE;
    }
  });
}

export async function runUsersList(opts: UsersOptions, io: CliIo): Promise<number> {
  return withAccounts(opts.db, io, async (accounts) => {
    for (const user of await accounts.listUsers()) io.stdout.write(`${user.id}  ${user.email}  ${user.createdAt}${user.isAdmin ? '  admin' : ''}\n`);
    return EXIT_OK;
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
