import type { Selectable } from 'kysely';
import type { AccountsStore, ApiToken, Session, SiteVerification, User, UserWithPassword } from './accounts-store.js';
import type { ApiTokensTable, UsersTable } from './db-schema.js';
import type { SqlBackend } from './sql-backend.js';
import { StoreError, toStoreError } from './store-error.js';

/** AccountsStore over the same SQL backends (and write lock) as the main store. */
export class SqlAccountsStore implements AccountsStore {
  readonly #sql: SqlBackend;

  constructor(backend: SqlBackend) {
    this.#sql = backend;
  }

  async #guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toStoreError(error, what);
    }
  }

  addUser(user: { email: string; passwordHash: string; isAdmin?: boolean; createdAt: string }): Promise<User> {
    const taken = (): StoreError => new StoreError('CONFLICT', 'An account with this email already exists');
    return this.#guard('addUser', async () => {
      try {
        return await this.#sql.write(async (trx) => {
          const email = user.email.toLowerCase();
          if (await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) throw taken();
          const row = { id: crypto.randomUUID(), email, password_hash: user.passwordHash, is_admin: user.isAdmin ? 1 : 0, created_at: user.createdAt };
          await trx.insertInto('users').values(row).execute();
          return userFromRow(row);
        });
      } catch (error) {
        // Postgres runs two sign-ups side by side: the loser passes the check and meets the unique index.
        throw isUniqueViolation(error) ? taken() : error;
      }
    });
  }

  getUser(id: string): Promise<User | null> {
    return this.#guard('getUser', async () => {
      const row = await this.#sql.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? userFromRow(row) : null;
    });
  }

  getUserByEmail(email: string): Promise<UserWithPassword | null> {
    return this.#guard('getUserByEmail', async () => {
      const row = await this.#sql.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
      return row ? { ...userFromRow(row), passwordHash: row.password_hash } : null;
    });
  }

  listUsers(): Promise<User[]> {
    return this.#guard('listUsers', async () => (await this.#sql.db.selectFrom('users').selectAll().orderBy('created_at').execute()).map(userFromRow));
  }

  setPassword(userId: string, passwordHash: string, options: { keepSession?: string } = {}): Promise<void> {
    const keep = options.keepSession;
    return this.#guard('setPassword', () =>
      this.#sql.write(async (trx) => {
        await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
        let sessions = trx.deleteFrom('sessions').where('user_id', '=', userId);
        if (keep !== undefined) sessions = sessions.where('token_hash', '<>', keep);
        await sessions.execute();
      }),
    );
  }

  deleteUser(userId: string): Promise<boolean> {
    return this.#guard('deleteUser', () =>
      this.#sql.write(async (trx) => {
        // Explicit rather than left to ON DELETE CASCADE, which SQLite honours only when a connection turns it on.
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        await trx.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
        await trx.deleteFrom('password_resets').where('user_id', '=', userId).execute();
        const removed = await trx.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
        return Number(removed.numDeletedRows) > 0;
      }),
    );
  }

  createSession(tokenHash: string, session: Session): Promise<void> {
    return this.#guard('createSession', () =>
      this.#sql.write(async (trx) => {
        // Expired sessions are swept here rather than by a timer: sign-ins are rare enough.
        await trx.deleteFrom('sessions').where('expires_at', '<=', session.createdAt).execute();
        await trx
          .insertInto('sessions')
          .values({ token_hash: tokenHash, user_id: session.userId, csrf_token: session.csrfToken, created_at: session.createdAt, expires_at: session.expiresAt })
          .execute();
      }),
    );
  }

  getSession(tokenHash: string, now: string): Promise<Session | null> {
    return this.#guard('getSession', async () => {
      const row = await this.#sql.db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
      return row ? { userId: row.user_id, csrfToken: row.csrf_token, createdAt: row.created_at, expiresAt: row.expires_at } : null;
    });
  }

  deleteSession(tokenHash: string): Promise<void> {
    return this.#guard('deleteSession', async () => {
      await this.#sql.write((trx) => trx.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute());
    });
  }

  deleteOtherSessions(userId: string, keepSession: string): Promise<number> {
    return this.#guard('deleteOtherSessions', async () => {
      const result = await this.#sql.write((trx) => trx.deleteFrom('sessions').where('user_id', '=', userId).where('token_hash', '<>', keepSession).executeTakeFirst());
      return Number(result.numDeletedRows);
    });
  }

  addApiToken(token: ApiToken & { tokenHash: string }): Promise<void> {
    return this.#guard('addApiToken', async () => {
      await this.#sql.write((trx) =>
        trx
          .insertInto('api_tokens')
          .values({
            id: token.id,
            user_id: token.userId,
            name: token.name,
            token_hash: token.tokenHash,
            hint: token.hint,
            created_at: token.createdAt,
            last_used_at: token.lastUsedAt,
            revoked_at: token.revokedAt,
          })
          .execute(),
      );
    });
  }

  useApiToken(tokenHash: string, now: string): Promise<{ user: User; tokenId: string } | null> {
    return this.#guard('useApiToken', async () => {
      const row = await this.#sql.db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select(['api_tokens.id as token_id', 'api_tokens.last_used_at', 'users.id', 'users.email', 'users.is_admin', 'users.created_at', 'users.password_hash'])
        .where('api_tokens.token_hash', '=', tokenHash)
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      // A write per request would serialise every API call on SQLite's lock; a minute's precision is plenty.
      if (row.last_used_at === null || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
        await this.#sql.write((trx) => trx.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute());
      }
      return { user: userFromRow(row), tokenId: row.token_id };
    });
  }

  listApiTokens(userId: string): Promise<ApiToken[]> {
    return this.#guard('listApiTokens', async () => {
      const rows = await this.#sql.db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(tokenFromRow);
    });
  }

  revokeApiToken(userId: string, tokenId: string, now: string): Promise<boolean> {
    return this.#guard('revokeApiToken', async () => {
      const result = await this.#sql.write((trx) =>
        trx
          .updateTable('api_tokens')
          .set({ revoked_at: now })
          .where('id', '=', tokenId)
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows) > 0;
    });
  }

  addPasswordReset(reset: { tokenHash: string; userId: string; createdAt: string; expiresAt: string }): Promise<void> {
    return this.#guard('addPasswordReset', async () => {
      await this.#sql.write((trx) =>
        trx
          .insertInto('password_resets')
          .values({ token_hash: reset.tokenHash, user_id: reset.userId, created_at: reset.createdAt, expires_at: reset.expiresAt, used_at: null })
          .execute(),
      );
    });
  }

  consumePasswordReset(tokenHash: string, now: string): Promise<string | null> {
    return this.#guard('consumePasswordReset', () =>
      this.#sql.write(async (trx) => {
        // The conditional update is the claim: of two racing transactions (Postgres runs them side
        // by side) only one changes the row; a select-then-update would let both through.
        const claimed = await trx
          .updateTable('password_resets')
          .set({ used_at: now })
          .where('token_hash', '=', tokenHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', now)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return null;
        const row = await trx.selectFrom('password_resets').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst();
        return row?.user_id ?? null;
      }),
    );
  }

  getVerification(siteId: string): Promise<SiteVerification | null> {
    return this.#guard('getVerification', async () => {
      const row = await this.#sql.db.selectFrom('site_verifications').selectAll().where('site_id', '=', siteId).executeTakeFirst();
      return row ? { siteId: row.site_id, method: row.method, verifiedAt: row.verified_at } : null;
    });
  }

  setVerification(v: SiteVerification): Promise<void> {
    return this.#guard('setVerification', async () => {
      await this.#sql.write((trx) =>
        trx
          .insertInto('site_verifications')
          .values({ site_id: v.siteId, method: v.method, verified_at: v.verifiedAt })
          .onConflict((oc) => oc.column('site_id').doUpdateSet({ method: v.method, verified_at: v.verifiedAt }))
          .execute(),
      );
    });
  }

  recordScanRequest(request: { siteId: string; scanId: string; requestedAt: string }): Promise<void> {
    return this.#guard('recordScanRequest', async () => {
      await this.#sql.write((trx) =>
        trx.insertInto('scan_requests').values({ site_id: request.siteId, scan_id: request.scanId, requested_at: request.requestedAt }).execute(),
      );
    });
  }

  countScanRequests(siteId: string, since: string): Promise<number> {
    return this.#guard('countScanRequests', async () => {
      const row = await this.#sql.db
        .selectFrom('scan_requests')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('site_id', '=', siteId)
        .where('requested_at', '>=', since)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    });
  }

  close(): Promise<void> {
    return this.#sql.close();
  }
}

/** A unique index refused a row: SQLite's and Postgres's codes for it (never the message text). */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

function userFromRow(row: Pick<Selectable<UsersTable>, 'id' | 'email' | 'is_admin' | 'created_at'>): User {
  return { id: row.id, email: row.email, isAdmin: row.is_admin === 1, createdAt: row.created_at };
}

function tokenFromRow(row: Selectable<ApiTokensTable>): ApiToken {
  return { id: row.id, userId: row.user_id, name: row.name, hint: row.hint, createdAt: row.created_at, lastUsedAt: row.last_used_at, revokedAt: row.revoked_at };
}
