/**
 * Web app accounts, kept apart from `Store` so the scan engine and CLI never see them. Secrets
 * arrive here already hashed: this layer stores and compares digests, it never sees a password
 * or token in the clear.
 */

export interface User {
  id: string;
  /** Lowercased. */
  email: string;
  isAdmin: boolean;
  createdAt: string;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface Session {
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  hint: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface SiteVerification {
  siteId: string;
  method: string;
  verifiedAt: string;
}

export interface AccountsStore {
  /** Throws StoreError CONFLICT when the email is taken. */
  addUser(user: { email: string; passwordHash: string; isAdmin?: boolean; createdAt: string }): Promise<User>;
  getUser(id: string): Promise<User | null>;
  getUserByEmail(email: string): Promise<UserWithPassword | null>;
  listUsers(): Promise<User[]>;
  /**
   * Also ends every session of the user: a changed password must sign out whoever knew the old one.
   * `keepSession` (a session's token hash) spares the session the user changed it from.
   */
  setPassword(userId: string, passwordHash: string, options?: { keepSession?: string }): Promise<void>;
  /** Removes the user with their sessions, API tokens and password resets. False when there was no such user. */
  deleteUser(userId: string): Promise<boolean>;

  createSession(tokenHash: string, session: Session): Promise<void>;
  /** Null when unknown or expired at `now`. */
  getSession(tokenHash: string, now: string): Promise<Session | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of the user except `keepSession` (a token hash); returns how many ended. */
  deleteOtherSessions(userId: string, keepSession: string): Promise<number>;

  addApiToken(token: ApiToken & { tokenHash: string }): Promise<void>;
  /** The owner of a live (not revoked) token, touching its last use. */
  useApiToken(tokenHash: string, now: string): Promise<{ user: User; tokenId: string } | null>;
  listApiTokens(userId: string): Promise<ApiToken[]>;
  /** False when the token does not exist, is not this user's, or is already revoked. */
  revokeApiToken(userId: string, tokenId: string, now: string): Promise<boolean>;

  addPasswordReset(reset: { tokenHash: string; userId: string; createdAt: string; expiresAt: string }): Promise<void>;
  /** Marks the token used and returns its user id; null when unknown, used or expired. Single use even under races. */
  consumePasswordReset(tokenHash: string, now: string): Promise<string | null>;

  getVerification(siteId: string): Promise<SiteVerification | null>;
  setVerification(verification: SiteVerification): Promise<void>;

  recordScanRequest(request: { siteId: string; scanId: string; requestedAt: string }): Promise<void>;
  countScanRequests(siteId: string, since: string): Promise<number>;

  close(): Promise<void>;
}
