import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSite, createToken, FORM, form, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

let h: Harness;
let mallory: Browser;
let malloryToken: string;
let aliceSite: string;
let aliceTokenId: string;

beforeAll(async () => {
  h = await startHarness();
  const alice = await signUp(h.app, 'alice@example.com');
  aliceSite = await addSite(h.app, alice, 'https://alice.example/');
  await createToken(h.app, alice);
  const aliceId = (await h.accounts.getUserByEmail('alice@example.com'))?.id ?? '';
  aliceTokenId = (await h.accounts.listApiTokens(aliceId))[0]?.id ?? '';
  mallory = await signUp(h.app, 'mallory@example.com');
  malloryToken = await createToken(h.app, mallory);
});
afterAll(() => h.close());

describe('tenant isolation: another user’s ids answer 404 everywhere', () => {
  const apiRoutes: [string, string][] = [
    ['POST', '/api/v1/urls/:site/scan'],
    ['GET', '/api/v1/urls/:site/status'],
    ['POST', '/api/v1/urls/:site/verify'],
  ];
  it.each(apiRoutes)('%s %s with a Bearer token', async (method, path) => {
    const response = await h.app.inject({ method: method as 'GET' | 'POST', url: path.replace(':site', aliceSite), headers: { authorization: `Bearer ${malloryToken}` } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ message: 'No such site' });
  });

  const pageRoutes: [string, string][] = [
    ['GET', '/sites/:site'],
    ['POST', '/sites/:site/scan'],
    ['POST', '/sites/:site/verify'],
    ['POST', '/account/tokens/:token/revoke'],
  ];
  it.each(pageRoutes)('%s %s with a session', async (method, path) => {
    const response = await h.app.inject({
      method: method as 'GET' | 'POST',
      url: path.replace(':site', aliceSite).replace(':token', aliceTokenId),
      headers: { ...FORM, cookie: mallory.cookie },
      ...(method === 'POST' ? { payload: form({ _csrf: mallory.csrf }) } : {}),
    });
    expect(response.statusCode).toBe(404);
  });

  it('lists only the user’s own sites and leaves the other user’s token alive', async () => {
    const list = await h.app.inject({ method: 'GET', url: '/api/v1/urls', headers: { authorization: `Bearer ${malloryToken}` } });
    expect(list.json()).toEqual({ data: [] });
    const home = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: mallory.cookie } });
    expect(home.body).not.toContain('alice.example');
    const aliceId = (await h.accounts.getUserByEmail('alice@example.com'))?.id ?? '';
    expect((await h.accounts.listApiTokens(aliceId))[0]?.revokedAt).toBeNull();
    expect(await h.store.listScans(aliceSite)).toEqual([]);
  });
});
