import type { AccountsStore, ApiToken } from '../store/accounts-store.js';
import { randomToken, sha256Hex } from './secrets.js';

/** Personal API tokens carry a prefix so secret scanners (and people) can recognise a leaked one. */
export const API_TOKEN_PREFIX = 'd404_';

/** A token just created: `token` is the only copy of the secret; the store keeps its hash. */
export interface CreatedApiToken {
  token: string;
  record: ApiToken;
}

/**
 * Creates a personal API token for `userId`, as the profile page and `dislike404 tokens create`
 * both do: 256 random bits behind the prefix, stored as a SHA-256 digest with its last four
 * characters as a hint. Show `token` once; it cannot be recovered.
 */
export async function createApiToken(accounts: AccountsStore, userId: string, name: string, now: Date): Promise<CreatedApiToken> {
  const token = randomToken(API_TOKEN_PREFIX);
  const record: ApiToken = { id: crypto.randomUUID(), userId, name, hint: token.slice(-4), createdAt: now.toISOString(), lastUsedAt: null, revokedAt: null };
  await accounts.addApiToken({ ...record, tokenHash: sha256Hex(token) });
  return { token, record };
}
