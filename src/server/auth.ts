import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountsStore, Session, User } from '../store/accounts-store.js';
import { randomToken, safeEqual, sha256Hex } from './secrets.js';
import { ServerError } from './server-error.js';

export const SESSION_COOKIE = 'd404_session';
export const CSRF_COOKIE = 'd404_csrf';
const SESSION_TTL_MS = 14 * 86_400_000;
export { API_TOKEN_PREFIX } from './api-tokens.js';

export interface SignedIn {
  user: User;
  session: Session;
  tokenHash: string;
}

/** Cookie sessions for the web pages, Bearer tokens for the APIs; both resolve to a User. */
export class Auth {
  readonly #accounts: AccountsStore;
  readonly #now: () => Date;
  readonly #secureCookies: boolean;
  readonly #cache = new WeakMap<FastifyRequest, SignedIn | null>();

  constructor(accounts: AccountsStore, now: () => Date, secureCookies: boolean) {
    this.#accounts = accounts;
    this.#now = now;
    this.#secureCookies = secureCookies;
  }

  async startSession(reply: FastifyReply, user: User): Promise<void> {
    const token = randomToken();
    const created = this.#now();
    const session: Session = {
      userId: user.id,
      csrfToken: randomToken(),
      createdAt: created.toISOString(),
      expiresAt: new Date(created.getTime() + SESSION_TTL_MS).toISOString(),
    };
    await this.#accounts.createSession(sha256Hex(token), session);
    reply.setCookie(SESSION_COOKIE, token, this.cookieOptions(SESSION_TTL_MS / 1000));
  }

  async endSession(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = request.cookies[SESSION_COOKIE];
    if (token !== undefined) await this.#accounts.deleteSession(sha256Hex(token));
    reply.clearCookie(SESSION_COOKIE, this.cookieOptions());
  }

  /** The signed-in user of a cookie session, or null. */
  async session(request: FastifyRequest): Promise<SignedIn | null> {
    const cached = this.#cache.get(request);
    if (cached !== undefined) return cached;
    const token = request.cookies[SESSION_COOKIE];
    let found: SignedIn | null = null;
    if (token !== undefined && token.length <= 128) {
      const tokenHash = sha256Hex(token);
      const session = await this.#accounts.getSession(tokenHash, this.#now().toISOString());
      const user = session === null ? null : await this.#accounts.getUser(session.userId);
      if (session !== null && user !== null) found = { user, session, tokenHash };
    }
    this.#cache.set(request, found);
    return found;
  }

  async requireSession(request: FastifyRequest): Promise<SignedIn> {
    const found = await this.session(request);
    if (found === null) {
      throw new ServerError('UNAUTHENTICATED', 'Sign in first', { headers: { 'www-authenticate': 'Cookie realm="dislike404", form-action="/login"' } });
    }
    return found;
  }

  /**
   * A state-changing form of a signed-in user must carry the session's CSRF token (synchronizer
   * pattern); one of a signed-out visitor must echo the CSRF cookie (double submit).
   */
  checkCsrf(request: FastifyRequest, submitted: string | undefined, signedIn: SignedIn | null): void {
    const expected = signedIn?.session.csrfToken ?? request.cookies[CSRF_COOKIE];
    const origin = request.headers.origin;
    // Browsers send Origin on cross-site form posts; a mismatch is a forged request whatever the token says.
    if (origin !== undefined && origin !== 'null' && safeHost(origin) !== request.headers.host) {
      throw new ServerError('CSRF_FAILED', 'This form was submitted from another site');
    }
    if (expected === undefined || submitted === undefined || !safeEqual(submitted, expected)) {
      throw new ServerError('CSRF_FAILED', 'The form expired or did not come from this site; reload the page and try again');
    }
  }

  /** A CSRF token for a signed-out form, set as a cookie the form must echo. */
  anonymousCsrf(request: FastifyRequest, reply: FastifyReply): string {
    const existing = request.cookies[CSRF_COOKIE];
    if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
    const token = randomToken();
    reply.setCookie(CSRF_COOKIE, token, this.cookieOptions());
    return token;
  }

  /** The user of a `Authorization: Bearer` personal API token; 401 with a challenge otherwise. */
  async requireBearer(request: FastifyRequest): Promise<User> {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer[ ]+([A-Za-z0-9_\-.~+/]+=*)\s*$/i.exec(header);
    if (match === null || match[1] === undefined) {
      throw new ServerError('UNAUTHENTICATED', 'Missing API token: send Authorization: Bearer <token>', { headers: { 'www-authenticate': 'Bearer realm="dislike404"' } });
    }
    const found = await this.#accounts.useApiToken(sha256Hex(match[1]), this.#now().toISOString());
    if (found === null) {
      throw new ServerError('INVALID_TOKEN', 'The API token is invalid or revoked', {
        headers: { 'www-authenticate': 'Bearer realm="dislike404", error="invalid_token"' },
      });
    }
    return found.user;
  }

  cookieOptions(maxAgeSeconds?: number): { path: string; httpOnly: true; sameSite: 'lax'; secure: boolean; maxAge?: number } {
    return { path: '/', httpOnly: true, sameSite: 'lax', secure: this.#secureCookies, ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }) };
  }
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
