import { createApiToken } from '../../server/api-tokens.js';
import type { ApiToken } from '../../store/accounts-store.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { DEFAULT_TOKEN_NAME } from './command-defaults.js';
import { formatTable, formatWhen } from './format-table.js';
import { requireUser, withAccounts } from './users-command.js';

export interface TokensOptions {
  db?: string;
  name?: string;
}

const MAX_NAME_LENGTH = 100;

/** Prints the token alone on stdout (so `$(dislike404 tokens create …)` captures it) and a note on stderr. */
export function runTokensCreate(email: string, opts: TokensOptions, io: CliIo): Promise<number> {
  const name = (opts.name ?? DEFAULT_TOKEN_NAME).trim();
  return withAccounts(opts.db, io, async (accounts) => {
    if (name === '' || name.length > MAX_NAME_LENGTH) throw new UsageError(`expected --name to be 1 to ${MAX_NAME_LENGTH} characters, got ${JSON.stringify(opts.name)}`);
    const user = await requireUser(accounts, email);
    const { token, record } = await createApiToken(accounts, user.id, name, new Date());
    io.stdout.write(`${token}\n`);
    io.stderr.write(`Created API token ${record.id} (${record.name}) for ${user.email}. Copy it now: it is not shown again.\n`);
    return EXIT_OK;
  });
}

export function runTokensList(email: string, opts: TokensOptions, io: CliIo): Promise<number> {
  return withAccounts(opts.db, io, async (accounts) => {
    const user = await requireUser(accounts, email);
    const tokens = await accounts.listApiTokens(user.id);
    if (tokens.length === 0) {
      io.stdout.write(`${user.email} has no API tokens. Create one with \`dislike404 tokens create ${user.email}\`.\n`);
      return EXIT_OK;
    }
    const rows = tokens.map((t) => [t.id, t.name, `…${t.hint}`, formatWhen(t.createdAt), formatWhen(t.lastUsedAt), t.revokedAt === null ? 'active' : `revoked ${formatWhen(t.revokedAt)}`]);
    io.stdout.write(formatTable(['ID', 'NAME', 'ENDS', 'CREATED (UTC)', 'LAST USED', 'STATUS'], rows));
    return EXIT_OK;
  });
}

export function runTokensRevoke(email: string, ref: string, opts: TokensOptions, io: CliIo): Promise<number> {
  return withAccounts(opts.db, io, async (accounts) => {
    const user = await requireUser(accounts, email);
    const token = resolveToken(await accounts.listApiTokens(user.id), ref, user.email);
    if (token.revokedAt !== null) throw new UsageError(`token ${token.id} was already revoked on ${formatWhen(token.revokedAt)} UTC`);
    // False only if a concurrent revoke (the web page, another CLI) got there first: same outcome.
    await accounts.revokeApiToken(user.id, token.id, new Date().toISOString());
    io.stdout.write(`Revoked API token ${token.id} (${token.name}) of ${user.email}\n`);
    return EXIT_OK;
  });
}

function resolveToken(tokens: readonly ApiToken[], ref: string, email: string): ApiToken {
  const wanted = ref.trim().toLowerCase();
  const exact = tokens.find((t) => t.id === wanted);
  if (exact !== undefined) return exact;
  const matches = wanted === '' ? [] : tokens.filter((t) => t.id.startsWith(wanted));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  if (matches.length > 1) throw new UsageError(`${JSON.stringify(ref)} matches ${matches.length} tokens of ${email}; give more of the id`);
  throw new UsageError(`${email} has no API token ${JSON.stringify(ref)} (see dislike404 tokens list ${email})`);
}
