import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cookieValue, csrfFrom, FORM, form, signUp, startHarness, type Harness } from './server-harness.js';

let h: Harness;
let now = new Date('2025-03-01T10:00:00Z');

beforeEach(async () => {
  now = new Date('2025-03-01T10:00:00Z');
  h = await startHarness({ clock: () => now, loginThrottle: { maxFailures: 3, windowMs: 60_000 } });
});
afterEach(() => h.close());

async function anonymousForm(path: string): Promise<{ cookie: string; csrf: string }> {
  const response = await h.app.inject({ method: 'GET', url: path });
  return { cookie: `d404_csrf=${cookieValue(response, 'd404_csrf') ?? ''}`, csrf: csrfFrom(response.body) };
}

async function login(email: string, password: string, ip = '10.0.0.1') {
  const f = await anonymousForm('/login');
  return h.app.inject({ method: 'POST', url: '/login', remoteAddress: ip, headers: { ...FORM, cookie: f.cookie }, payload: form({ email, password, _csrf: f.csrf }) });
}

describe('accounts', () => {
  it('signs up with an HttpOnly SameSite=Lax session cookie and stores only a scrypt hash', async () => {
    const f = await anonymousForm('/signup');
    const response = await h.app.inject({ method: 'POST', url: '/signup', headers: { ...FORM, cookie: f.cookie }, payload: form({ email: 'Ann@Example.com', password: 'a long password', _csrf: f.csrf }) });
    expect(response.statusCode).toBe(303);
    const session = response.cookies.find((c) => c.name === 'd404_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
    const user = await h.accounts.getUserByEmail('ann@example.com');
    expect(user?.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user?.passwordHash).not.toContain('a long password');
  });

  it('rejects a form post without the CSRF token with 403', async () => {
    const f = await anonymousForm('/signup');
    const response = await h.app.inject({ method: 'POST', url: '/signup', headers: { ...FORM, cookie: f.cookie }, payload: form({ email: 'a@example.com', password: 'a long password' }) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'CSRF_FAILED' });
    const browser = await signUp(h.app, 'b@example.com');
    const forged = await h.app.inject({ method: 'POST', url: '/sites', headers: { ...FORM, cookie: browser.cookie }, payload: form({ url: 'https://example.com', _csrf: 'forged' }) });
    expect(forged.statusCode).toBe(403);
    const crossSite = await h.app.inject({ method: 'POST', url: '/sites', headers: { ...FORM, cookie: browser.cookie, origin: 'https://evil.example' }, payload: form({ url: 'https://example.com', _csrf: browser.csrf }) });
    expect(crossSite.statusCode).toBe(403);
  });

  it('answers invalid input with 422 naming the field', async () => {
    const f = await anonymousForm('/signup');
    const response = await h.app.inject({ method: 'POST', url: '/signup', headers: { ...FORM, cookie: f.cookie }, payload: form({ email: 'not-an-email', password: 'a long password', _csrf: f.csrf }) });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('email') });
  });

  it('logs in, rejects a wrong password with 401 + WWW-Authenticate, and logs out', async () => {
    await signUp(h.app, 'c@example.com', 'the right password');
    const wrong = await login('c@example.com', 'the wrong password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toContain('realm="dislike404"');
    const ok = await login('c@example.com', 'the right password');
    expect(ok.statusCode).toBe(303);
    const cookie = `d404_session=${cookieValue(ok, 'd404_session') ?? ''}`;
    const home = await h.app.inject({ method: 'GET', url: '/', headers: { cookie } });
    expect(home.body).toContain('c@example.com');
    const out = await h.app.inject({ method: 'POST', url: '/logout', headers: { ...FORM, cookie }, payload: form({ _csrf: csrfFrom(home.body) }) });
    expect(out.statusCode).toBe(303);
    const after = await h.app.inject({ method: 'GET', url: '/account', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('rate-limits failed sign-ins with 429 and Retry-After, then lets the user in after the window', async () => {
    await signUp(h.app, 'd@example.com', 'the right password');
    for (let i = 0; i < 3; i += 1) expect((await login('d@example.com', 'nope nope nope')).statusCode).toBe(401);
    const limited = await login('d@example.com', 'the right password');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    now = new Date(now.getTime() + 61_000);
    expect((await login('d@example.com', 'the right password')).statusCode).toBe(303);
  });

  it('resets a password by an emailed single-use token that expires', async () => {
    await signUp(h.app, 'e@example.com', 'the old password');
    const f = await anonymousForm('/forgot-password');
    const asked = await h.app.inject({ method: 'POST', url: '/forgot-password', headers: { ...FORM, cookie: f.cookie }, payload: form({ email: 'e@example.com', _csrf: f.csrf }) });
    expect(asked.statusCode).toBe(200);
    const unknown = await h.app.inject({ method: 'POST', url: '/forgot-password', headers: { ...FORM, cookie: f.cookie }, payload: form({ email: 'nobody@example.com', _csrf: f.csrf }) });
    expect(unknown.body.replace('nobody@example.com', 'e@example.com')).toBe(asked.body);
    expect(h.mail).toHaveLength(1);
    const token = /token=([A-Za-z0-9_-]+)/.exec(h.mail[0]?.text ?? '')?.[1] ?? '';
    expect(h.mail[0]?.text).toContain('http://127.0.0.1:4040/reset-password?token=');

    const reset = async () => {
      const page = await anonymousForm(`/reset-password?token=${token}`);
      return h.app.inject({ method: 'POST', url: '/reset-password', headers: { ...FORM, cookie: page.cookie }, payload: form({ token, password: 'the new password', _csrf: page.csrf }) });
    };
    expect((await reset()).statusCode).toBe(200);
    expect((await reset()).statusCode).toBe(422);
    expect((await login('e@example.com', 'the old password')).statusCode).toBe(401);
    expect((await login('e@example.com', 'the new password')).statusCode).toBe(303);

    await h.app.inject({ method: 'POST', url: '/forgot-password', headers: { ...FORM, cookie: f.cookie }, payload: form({ email: 'e@example.com', _csrf: f.csrf }) });
    const late = /token=([A-Za-z0-9_-]+)/.exec(h.mail[1]?.text ?? '')?.[1] ?? '';
    now = new Date(now.getTime() + 61 * 60_000);
    const page = await anonymousForm(`/reset-password?token=${late}`);
    const expired = await h.app.inject({ method: 'POST', url: '/reset-password', headers: { ...FORM, cookie: page.cookie }, payload: form({ token: late, password: 'another password', _csrf: page.csrf }) });
    expect(expired.statusCode).toBe(422);
  });
});

describe('password reset with a failing mail server', () => {
  it('answers exactly as for an unknown address, so the form reveals no accounts', async () => {
    const broken = await startHarness({
      mailer: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:25');
      },
    });
    try {
      await signUp(broken.app, 'f@example.com');
      const formPage = await broken.app.inject({ method: 'GET', url: '/forgot-password' });
      const f = { cookie: `d404_csrf=${cookieValue(formPage, 'd404_csrf') ?? ''}`, csrf: csrfFrom(formPage.body) };
      const ask = (email: string) => broken.app.inject({ method: 'POST', url: '/forgot-password', headers: { ...FORM, cookie: f.cookie }, payload: form({ email, _csrf: f.csrf }) });
      const known = await ask('f@example.com');
      const unknown = await ask('nobody@example.com');
      expect(known.statusCode).toBe(200);
      expect(unknown.body.replace('nobody@example.com', 'f@example.com')).toBe(known.body);
    } finally {
      await broken.close();
    }
  });
});
