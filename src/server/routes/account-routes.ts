import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isStoreError } from '../../store/store-error.js';
import type { AppContext } from '../app-context.js';
import { csrfField, errorNote, html, page, type RawHtml } from '../html.js';
import { burnPasswordCheck, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from '../passwords.js';
import { randomToken, sha256Hex } from '../secrets.js';
import { ServerError } from '../server-error.js';
import { parseInput } from '../validation.js';

const RESET_TTL_MS = 60 * 60 * 1000;
const email = z.string().trim().toLowerCase().max(254).pipe(z.email({ message: 'expected an email address' }));
/** The rules for a password someone chooses: sign-up, reset and the account page's change form. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
const csrf = z.string().max(128).optional();
const signupBody = z.object({ email, password: newPasswordSchema, _csrf: csrf }).strict();
// Sign-in accepts any length: rejecting a short password early would tell a guesser the rules.
const loginBody = z.object({ email, password: z.string().min(1).max(MAX_PASSWORD_LENGTH), _csrf: csrf }).strict();
const forgotBody = z.object({ email, _csrf: csrf }).strict();
const resetBody = z.object({ token: z.string().min(1).max(128), password: newPasswordSchema, _csrf: csrf }).strict();
// Not strict: links from elsewhere may carry tracking parameters; only `deleted` means anything here.
const signupQuery = z.object({ deleted: z.string().max(8).optional() });
const resetQuery = z.object({ token: z.string().max(128).optional() }).strict();

/** Sign-up, sign-in, sign-out and password reset: HTML forms, each POST CSRF-checked. */
export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext): void {
  const formPage = (title: string, action: string, fields: string[], submit: string, notice?: (request: FastifyRequest) => RawHtml) => async (request: FastifyRequest, reply: FastifyReply) => {
    const token = ctx.auth.anonymousCsrf(request, reply);
    return sendPage(reply, 200, page(title, html`${notice?.(request) ?? ''}<form method="post" action="${action}">${csrfField(token)}${fields.map(fieldHtml)}<button>${submit}</button></form>`));
  };

  const deletedNotice = (request: FastifyRequest): RawHtml =>
    parseInput(signupQuery, request.query, 'query').deleted === '1' ? html`<p role="status" id="account-deleted">Your account and everything in it were deleted.</p>` : html``;
  app.get('/signup', formPage('Sign up', '/signup', ['email', 'password'], 'Create account', deletedNotice));
  app.post('/signup', async (request, reply) => {
    const body = parseInput(signupBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, null);
    let user;
    try {
      user = await ctx.accounts.addUser({ email: body.email, passwordHash: await hashPassword(body.password), createdAt: ctx.now().toISOString() });
    } catch (error) {
      if (isStoreError(error, 'CONFLICT')) throw new ServerError('EMAIL_TAKEN', 'An account with this email already exists; sign in or reset the password');
      throw error;
    }
    await ctx.auth.startSession(reply, user);
    return reply.redirect('/', 303);
  });

  app.get('/login', formPage('Sign in', '/login', ['email', 'password'], 'Sign in'));
  app.post('/login', async (request, reply) => {
    const body = parseInput(loginBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, null);
    const keys = [`email:${body.email}`, `ip:${request.ip}`];
    const wait = Math.max(...keys.map((k) => ctx.throttle.retryAfterSeconds(k)));
    if (wait > 0) throw new ServerError('TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${wait} seconds`, { headers: { 'retry-after': String(wait) } });
    const user = await ctx.accounts.getUserByEmail(body.email);
    const ok = user === null ? (await burnPasswordCheck(body.password), false) : await verifyPassword(body.password, user.passwordHash);
    if (!ok || user === null) {
      for (const key of keys) ctx.throttle.fail(key);
      throw new ServerError('INVALID_CREDENTIALS', 'Wrong email or password', { headers: { 'www-authenticate': 'Cookie realm="dislike404", form-action="/login"' } });
    }
    ctx.throttle.succeed(`email:${body.email}`);
    await ctx.auth.startSession(reply, user);
    return reply.redirect('/', 303);
  });

  app.post('/logout', async (request, reply) => {
    const signedIn = await ctx.auth.session(request);
    if (signedIn !== null) {
      ctx.auth.checkCsrf(request, parseInput(z.object({ _csrf: csrf }).strict(), request.body, 'body')._csrf, signedIn);
      await ctx.auth.endSession(request, reply);
    }
    return reply.redirect('/login', 303);
  });

  app.get('/forgot-password', formPage('Reset your password', '/forgot-password', ['email'], 'Email me a reset link'));
  app.post('/forgot-password', async (request, reply) => {
    const body = parseInput(forgotBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, null);
    const user = await ctx.accounts.getUserByEmail(body.email);
    if (user !== null) {
      const token = randomToken();
      const created = ctx.now();
      await ctx.accounts.addPasswordReset({ tokenHash: sha256Hex(token), userId: user.id, createdAt: created.toISOString(), expiresAt: new Date(created.getTime() + RESET_TTL_MS).toISOString() });
      const link = new URL(`/reset-password?token=${encodeURIComponent(token)}`, ctx.publicUrl).href;
      if (ctx.mailer === undefined) request.log.warn('password reset requested but no mailer is configured');
      else {
        const text = `Someone asked to reset the password of your dislike404 account.\n\nTo choose a new password, open this link within an hour:\n${link}\n\nIf it was not you, ignore this email: your password stays as it is.\n`;
        // A failing mail server must not change the answer, or the form would reveal which accounts exist.
        await ctx.mailer({ to: user.email, subject: 'Reset your dislike404 password', text }).catch((error: unknown) => request.log.error({ err: error }, 'could not send the password reset email'));
      }
    }
    // The same answer whether or not the account exists, so the form cannot be used to find accounts.
    return sendPage(reply, 200, page('Check your email', html`<p>If an account exists for ${body.email}, we sent it a link to reset the password. The link works once, within an hour.</p>`));
  });

  app.get('/reset-password', async (request, reply) => {
    const { token = '' } = parseInput(resetQuery, request.query, 'query');
    const csrfToken = ctx.auth.anonymousCsrf(request, reply);
    // no-referrer: the token in this page's URL must not leak to any site it links to.
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, 200, page('Choose a new password', html`<form method="post" action="/reset-password">${csrfField(csrfToken)}<input type="hidden" name="token" value="${token}">${fieldHtml('password')}<button>Set password</button></form>`));
  });
  app.post('/reset-password', async (request, reply) => {
    const body = parseInput(resetBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, null);
    const userId = await ctx.accounts.consumePasswordReset(sha256Hex(body.token), ctx.now().toISOString());
    if (userId === null) throw new ServerError('RESET_TOKEN_INVALID', 'This reset link is invalid, expired or already used; ask for a new one');
    await ctx.accounts.setPassword(userId, await hashPassword(body.password));
    return sendPage(reply, 200, page('Password changed', html`<p>Your password was changed and every session signed out. <a href="/login">Sign in</a> with the new one.</p>${errorNote(undefined)}`));
  });
}

function fieldHtml(name: string): ReturnType<typeof html> {
  const type = name === 'password' ? 'password' : 'email';
  const autocomplete = name === 'password' ? 'current-password' : 'email';
  return html`<p><label>${name === 'password' ? 'Password' : 'Email'} <input name="${name}" type="${type}" autocomplete="${autocomplete}" required></label></p>`;
}

export function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}
