import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, cookieValue, createToken, csrfFrom, FORM, form, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

/** The account page: change the password, sign out other sessions, delete the account. */
const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';

let h: Harness;
let now: Date;
let slow: TestSite;

beforeAll(async () => {
  // Every page answers slowly and links to a further one, so a scan of it is still running when we delete.
  let next = 0;
  slow = await startSite({
    '*': (_req: IncomingMessage, res: ServerResponse) => {
      next += 1;
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(page(`<a href="/p${next}">next</a>`)), 300);
    },
  });
});
afterAll(() => slow.close());

beforeEach(async () => {
  now = new Date('2025-03-01T10:00:00Z');
  h = await startHarness({ clock: () => now, loginThrottle: { maxFailures: 3, windowMs: 60_000 }, quotas: { unverified: { maxPages: 200, scansPerDay: 20 } } });
});
afterEach(() => h.close());

const get = (url: string, browser: Browser) => h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });
const post = (url: string, values: Record<string, string>, browser: Browser) =>
  h.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: browser.cookie, accept: 'text/html' }, payload: form(values) });

async function login(email: string, password: string) {
  const formPage = await h.app.inject({ method: 'GET', url: '/login' });
  const cookie = `d404_csrf=${cookieValue(formPage, 'd404_csrf') ?? ''}`;
  return h.app.inject({ method: 'POST', url: '/login', headers: { ...FORM, cookie }, payload: form({ email, password, _csrf: csrfFrom(formPage.body) }) });
}

/** A second browser signed in to the same account. */
async function signIn(email: string, password = PASSWORD): Promise<Browser> {
  const response = await login(email, password);
  if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode}`);
  const cookie = `d404_session=${cookieValue(response, 'd404_session') ?? ''}`;
  return { cookie, csrf: csrfFrom((await h.app.inject({ method: 'GET', url: '/', headers: { cookie } })).body) };
}

const signedIn = async (browser: Browser): Promise<boolean> => (await get('/account', browser)).statusCode === 200;

describe('the account page', () => {
  it('offers labelled forms to change the password, sign out elsewhere and delete the account, and keeps the token list working', async () => {
    const ann = await signUp(h.app, 'ann@example.com');
    const token = await createToken(h.app, ann, 'wordpress');
    const body = (await get('/account', ann)).body;
    expect(body).toContain('<form method="post" action="/account/password" class="account-form">');
    expect(body).toContain('<label for="current-password">Current password</label>');
    expect(body).toContain('<label for="new-password">New password</label>');
    expect(body).toContain('autocomplete="new-password"');
    expect(body).toContain('<button>Sign out everywhere else</button>');
    expect(body).toContain('<a href="/account/delete">Delete my account…</a>');
    expect(body).toContain(`wordpress (…${token.slice(-4)})`);
    const [listed] = await h.accounts.listApiTokens((await h.accounts.getUserByEmail('ann@example.com'))?.id ?? '');
    expect((await post(`/account/tokens/${listed?.id ?? ''}/revoke`, { _csrf: ann.csrf }, ann)).headers.location).toBe('/account');
    expect((await get('/account', ann)).body).toContain('revoked');
    expect((await get('/account?done=nonsense', ann)).statusCode).toBe(400);
  });
});

describe('changing the password', () => {
  it('takes the new password, refuses the old one, ends every other session and keeps this one with a notice', async () => {
    const here = await signUp(h.app, 'ann@example.com');
    const phone = await signIn('ann@example.com');
    const bob = await signUp(h.app, 'bob@example.com');

    const changed = await post('/account/password', { current_password: PASSWORD, new_password: NEW_PASSWORD, _csrf: here.csrf }, here);
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/account?done=password');
    const after = await get('/account?done=password', here);
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('<p role="status" id="account-notice">Your password was changed.');
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(bob)).toBe(true);

    expect((await login('ann@example.com', PASSWORD)).statusCode).toBe(401);
    expect((await login('ann@example.com', NEW_PASSWORD)).statusCode).toBe(303);
    expect((await h.accounts.getUserByEmail('ann@example.com'))?.passwordHash).toMatch(/^scrypt\$/);
  });

  it('answers a wrong current password with 422 beside the field, counts it like a failed sign-in, and throttles with 429', async () => {
    const ann = await signUp(h.app, 'ann@example.com');
    const hashBefore = (await h.accounts.getUserByEmail('ann@example.com'))?.passwordHash;
    const wrong = await post('/account/password', { current_password: 'not my password', new_password: NEW_PASSWORD, _csrf: ann.csrf }, ann);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.headers['content-type']).toContain('text/html');
    expect(wrong.body).toMatch(/aria-invalid="true" aria-describedby="current-password-error">\s*<p class="field-error" id="current-password-error" role="alert">That is not your current password\.<\/p>/);
    expect(wrong.body).not.toContain('id="new-password-error"');
    expect((await h.accounts.getUserByEmail('ann@example.com'))?.passwordHash).toBe(hashBefore);

    // Three failures in the window (the harness's limit): the form and the sign-in both refuse, even the right password.
    for (let i = 0; i < 2; i += 1) {
      expect((await post('/account/password', { current_password: `guess number ${i}`, new_password: NEW_PASSWORD, _csrf: ann.csrf }, ann)).statusCode).toBe(422);
    }
    const limited = await post('/account/password', { current_password: PASSWORD, new_password: NEW_PASSWORD, _csrf: ann.csrf }, ann);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login('ann@example.com', PASSWORD)).statusCode).toBe(429);
    expect((await login('ann@example.com', NEW_PASSWORD)).statusCode).toBe(429);

    now = new Date(now.getTime() + 61_000);
    expect((await post('/account/password', { current_password: PASSWORD, new_password: NEW_PASSWORD, _csrf: ann.csrf }, ann)).statusCode).toBe(303);
    expect((await login('ann@example.com', NEW_PASSWORD)).statusCode).toBe(303);
  });

  it('holds a new password to the sign-up rules, beside its field, and changes nothing', async () => {
    const ann = await signUp(h.app, 'ann@example.com');
    const short = await post('/account/password', { current_password: PASSWORD, new_password: 'short', _csrf: ann.csrf }, ann);
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('<p class="field-error" id="new-password-error" role="alert">The new password must be at least 10 characters.</p>');
    expect(short.body).not.toContain('id="current-password-error"');
    const long = await post('/account/password', { current_password: PASSWORD, new_password: 'x'.repeat(257), _csrf: ann.csrf }, ann);
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('The new password must be at most 256 characters.');
    expect((await login('ann@example.com', PASSWORD)).statusCode).toBe(303);
  });
});

describe('forms without the session’s CSRF token', () => {
  it('are refused with 403 and change nothing', async () => {
    const ann = await signUp(h.app, 'ann@example.com');
    const phone = await signIn('ann@example.com');
    for (const csrf of [{}, { _csrf: 'forged' }] as Record<string, string>[]) {
      expect((await post('/account/password', { current_password: PASSWORD, new_password: NEW_PASSWORD, ...csrf }, ann)).statusCode).toBe(403);
      expect((await post('/account/sessions/end-others', csrf, ann)).statusCode).toBe(403);
      expect((await post('/account/delete', { password: PASSWORD, ...csrf }, ann)).statusCode).toBe(403);
    }
    const crossSite = await h.app.inject({
      method: 'POST',
      url: '/account/sessions/end-others',
      headers: { ...FORM, cookie: ann.cookie, origin: 'https://evil.example' },
      payload: form({ _csrf: ann.csrf }),
    });
    expect(crossSite.statusCode).toBe(403);
    expect((await login('ann@example.com', PASSWORD)).statusCode).toBe(303);
    expect(await signedIn(phone)).toBe(true);
    expect(await h.accounts.getUserByEmail('ann@example.com')).not.toBeNull();
  });
});

describe('signing out everywhere else', () => {
  it('ends the other sessions of this user only, keeping this one', async () => {
    const here = await signUp(h.app, 'ann@example.com');
    const phone = await signIn('ann@example.com');
    const laptop = await signIn('ann@example.com');
    const bob = await signUp(h.app, 'bob@example.com');
    const response = await post('/account/sessions/end-others', { _csrf: here.csrf }, here);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/account?done=sessions');
    expect((await get('/account?done=sessions', here)).body).toContain('Every other browser and device signed in to your account was signed out');
    expect(await signedIn(here)).toBe(true);
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(bob)).toBe(true);
  });
});

describe('deleting the account', () => {
  it('confirms what goes, asks for the password, then removes the user, their sites and tokens and ends every session', async () => {
    const ann = await signUp(h.app, 'ann@example.com');
    const phone = await signIn('ann@example.com');
    const bob = await signUp(h.app, 'bob@example.com');
    const annSites = [await addSite(h.app, ann, 'https://one.example/'), await addSite(h.app, ann, 'https://two.example/')];
    const bobSite = await addSite(h.app, bob, 'https://bob.example/');
    const token = await createToken(h.app, ann);
    const bobToken = await createToken(h.app, bob);
    const annId = (await h.accounts.getUserByEmail('ann@example.com'))?.id ?? '';
    await h.store.addBlacklistRule(annSites[0] ?? '', { kind: 'exact', pattern: 'https://one.example/x' });
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);

    const confirm = await get('/account/delete', ann);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Deleting the account <strong>ann@example.com</strong> removes for good');
    expect(confirm.body).toContain('<li>2 sites, with every scan');
    expect(confirm.body).toContain('<li>1 API token: ');
    expect(confirm.body).toContain('<label for="delete-password">Your password, to confirm</label>');

    const wrong = await post('/account/delete', { password: 'not my password', _csrf: ann.csrf }, ann);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('<p class="field-error" id="delete-password-error" role="alert">That is not your current password.</p>');
    expect(await h.accounts.getUser(annId)).not.toBeNull();
    expect(await h.store.getSite(annSites[0] ?? '')).not.toBeNull();

    const deleted = await post('/account/delete', { password: PASSWORD, _csrf: ann.csrf }, ann);
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/signup?deleted=1');
    expect(deleted.cookies.find((c) => c.name === 'd404_session')?.value).toBe('');
    expect(await h.accounts.getUser(annId)).toBeNull();
    for (const siteId of annSites) expect(await h.store.getSite(siteId)).toBeNull();
    expect(await h.store.listSites({ owner: annId })).toEqual([]);
    expect(await h.store.listBlacklistRules(annSites[0] ?? '')).toEqual([]);
    expect(await h.accounts.listApiTokens(annId)).toEqual([]);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect(await signedIn(ann)).toBe(false);
    expect(await signedIn(phone)).toBe(false);
    expect((await login('ann@example.com', PASSWORD)).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/signup?deleted=1' })).body).toContain('<p role="status" id="account-deleted">Your account and everything in it were deleted.</p>');

    // Nobody else's account is touched.
    expect(await signedIn(bob)).toBe(true);
    expect(await h.store.getSite(bobSite)).not.toBeNull();
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: { authorization: `Bearer ${bobToken}` } })).statusCode).toBe(200);
  });

  it('is refused with 409 while a scan of one of the sites runs, and goes through once it has stopped', async () => {
    const ann = await signUp(h.app, 'ann@example.com');
    const siteId = await addSite(h.app, ann, slow.url('/'));
    const other = await addSite(h.app, ann, 'https://idle.example/');
    expect((await post(`/sites/${siteId}/scan`, { _csrf: ann.csrf }, ann)).statusCode).toBe(303);

    const confirm = (await get('/account/delete', ann)).body;
    expect(confirm).toContain('<div role="alert" id="scan-running"><p>A scan is running, so the account cannot be deleted now.');
    expect(confirm).toContain(`<a href="/sites/${siteId}">`);
    expect(confirm).not.toContain('action="/account/delete"');
    const refused = await post('/account/delete', { password: PASSWORD, _csrf: ann.csrf }, ann);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('A scan is running, so the account cannot be deleted now.');
    expect(await h.accounts.getUserByEmail('ann@example.com')).not.toBeNull();
    expect(await h.store.getSite(siteId)).not.toBeNull();
    expect(await h.store.getSite(other)).not.toBeNull();
    expect(await signedIn(ann)).toBe(true);

    expect((await post(`/sites/${siteId}/stop`, { _csrf: ann.csrf }, ann)).statusCode).toBe(303);
    for (let i = 0; i < 400 && !(await get('/account/delete', ann)).body.includes('action="/account/delete"'); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    const deleted = await post('/account/delete', { password: PASSWORD, _csrf: ann.csrf }, ann);
    expect(deleted.statusCode).toBe(303);
    expect(await h.store.getSite(siteId)).toBeNull();
    expect(await h.accounts.getUserByEmail('ann@example.com')).toBeNull();
  });
});
