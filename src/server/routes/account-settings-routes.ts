import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../../store/accounts-store.js';
import type { Site } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import type { SignedIn } from '../auth.js';
import { page } from '../html.js';
import { hashPassword, MAX_PASSWORD_LENGTH, verifyPassword } from '../passwords.js';
import { ServerError } from '../server-error.js';
import { parseInput } from '../validation.js';
import { accountView, deleteAccountRefusedView, deleteAccountView, type AccountNotice, type PasswordFormErrors } from '../views/account-view.js';
import { newPasswordSchema, sendPage } from './account-routes.js';

const csrf = z.string().max(128).optional();
const csrfOnly = z.object({ _csrf: csrf }).strict();
const accountQuery = z.object({ done: z.enum(['password', 'sessions']).optional() }).strict();
// Lengths are judged after parsing, so a new password of the wrong length is reported beside its field.
const passwordBody = z.object({ current_password: z.string().max(MAX_PASSWORD_LENGTH * 4), new_password: z.string().max(MAX_PASSWORD_LENGTH * 4), _csrf: csrf }).strict();
const deleteBody = z.object({ password: z.string().max(MAX_PASSWORD_LENGTH * 4), _csrf: csrf }).strict();

const DONE_NOTICE: Record<'password' | 'sessions', AccountNotice> = { password: 'password-changed', sessions: 'signed-out-elsewhere' };
const WRONG_PASSWORD = 'That is not your current password.';

/** The account page: change the password, end other sessions, delete the account. Every POST is CSRF-checked. */
export function registerAccountSettingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const accountPage = async (reply: FastifyReply, signedIn: SignedIn, status: number, notice: AccountNotice | null, passwordErrors: PasswordFormErrors = {}): Promise<FastifyReply> => {
    const tokens = await ctx.accounts.listApiTokens(signedIn.user.id);
    const body = accountView({ csrf: signedIn.session.csrfToken, tokens, notice, passwordErrors });
    return sendPage(reply, status, page('Account', body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  };

  /**
   * A password typed on these forms proves who is at the keyboard, like a sign-in: it is
   * throttled by the same counters, so a borrowed session cannot be used to guess it.
   */
  const passwordCheck = async (request: FastifyRequest, user: User, password: string): Promise<boolean> => {
    const keys = [`email:${user.email}`, `ip:${request.ip}`];
    const wait = Math.max(...keys.map((k) => ctx.throttle.retryAfterSeconds(k)));
    if (wait > 0) throw new ServerError('TOO_MANY_ATTEMPTS', `Too many wrong passwords; try again in ${wait} seconds`, { headers: { 'retry-after': String(wait) } });
    const stored = await ctx.accounts.getUserByEmail(user.email);
    const ok = stored !== null && stored.id === user.id && (await verifyPassword(password, stored.passwordHash));
    if (ok) ctx.throttle.succeed(`email:${user.email}`);
    else for (const key of keys) ctx.throttle.fail(key);
    return ok;
  };

  app.get('/account', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const { done } = parseInput(accountQuery, request.query, 'query');
    return accountPage(reply, signedIn, 200, done === undefined ? null : DONE_NOTICE[done]);
  });

  app.post('/account/password', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const body = parseInput(passwordBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, signedIn);
    const errors: PasswordFormErrors = {};
    if (!(await passwordCheck(request, signedIn.user, body.current_password))) errors.current = WRONG_PASSWORD;
    const next = newPasswordSchema.safeParse(body.new_password);
    if (!next.success) errors.next = `The new password ${next.error.issues[0]?.message ?? 'is not allowed'}.`;
    if (!next.success || errors.current !== undefined) return accountPage(reply, signedIn, 422, null, errors);
    // Whoever knew the old password may hold a session: end them all, except the one changing it.
    await ctx.accounts.setPassword(signedIn.user.id, await hashPassword(next.data), { keepSession: signedIn.tokenHash });
    return reply.redirect('/account?done=password', 303);
  });

  app.post('/account/sessions/end-others', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    await ctx.accounts.deleteOtherSessions(signedIn.user.id, signedIn.tokenHash);
    return reply.redirect('/account?done=sessions', 303);
  });

  const deletePage = async (reply: FastifyReply, signedIn: SignedIn, status: number, sites: readonly Site[], passwordError?: string): Promise<FastifyReply> => {
    const tokens = await ctx.accounts.listApiTokens(signedIn.user.id);
    const body = deleteAccountView({
      email: signedIn.user.email,
      csrf: signedIn.session.csrfToken,
      sites: sites.length,
      liveTokens: tokens.filter((t) => t.revokedAt === null).length,
      running: sites.filter((site) => ctx.runner.isRunning(site.id)),
      ...(passwordError === undefined ? {} : { passwordError }),
    });
    return sendPage(reply, status, page('Delete your account?', body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  };

  app.get('/account/delete', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    return deletePage(reply, signedIn, 200, await ctx.sites.listSites(signedIn.user));
  });

  app.post('/account/delete', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const body = parseInput(deleteBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, signedIn);
    const sites = await ctx.sites.listSites(signedIn.user);
    if (!(await passwordCheck(request, signedIn.user, body.password))) return deletePage(reply, signedIn, 422, sites, WRONG_PASSWORD);
    // Deleting under a running scan would leave it writing results for a site that no longer exists.
    const refused = (running: Site[]): FastifyReply =>
      sendPage(reply, 409, page('Your account was not deleted', deleteAccountRefusedView(running), { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
    const running = sites.filter((site) => ctx.runner.isRunning(site.id));
    if (running.length > 0) return refused(running);
    for (const site of sites) {
      // Checked again per site: a scheduled scan may have started since; what is already gone stays gone.
      if (ctx.runner.isRunning(site.id)) return refused([site]);
      await ctx.store.removeSite(site.id);
    }
    await ctx.accounts.deleteUser(signedIn.user.id);
    await ctx.auth.endSession(request, reply);
    return reply.redirect('/signup?deleted=1', 303);
  });
}
