import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { startHarness, type Harness } from './server-harness.js';

let h: Harness;
let base: string;

beforeAll(async () => {
  h = await startHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
});
afterAll(() => h.close());

it('serves sign-up over a real socket with security headers and a session cookie, and answers the API with 401 JSON', async () => {
  const formPage = await fetch(`${base}/signup`);
  expect(formPage.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(formPage.headers.get('x-content-type-options')).toBe('nosniff');
  const csrfCookie = formPage.headers.getSetCookie().find((c) => c.startsWith('d404_csrf='))?.split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await formPage.text())?.[1] ?? '';
  const signedUp = await fetch(`${base}/signup`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, origin: base },
    body: new URLSearchParams({ email: 'socket@example.com', password: 'a long password', _csrf: csrf }),
  });
  expect(signedUp.status).toBe(303);
  const session = signedUp.headers.getSetCookie().find((c) => c.startsWith('d404_session=')) ?? '';
  expect(session).toMatch(/HttpOnly/i);
  expect(session).toMatch(/SameSite=Lax/i);
  const unauthenticated = await fetch(`${base}/api/v1/urls`);
  expect(unauthenticated.status).toBe(401);
  expect(await unauthenticated.json()).toEqual({ message: expect.any(String) });
});
