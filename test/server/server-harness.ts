import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../src/server/app.js';
import type { Mail } from '../../src/server/app-context.js';
import type { AccountsStore } from '../../src/store/accounts-store.js';
import { openAccountsStore } from '../../src/store/open-accounts-store.js';
import { openStore, type Scan, type Store } from '../../src/store/store.js';

export interface Harness {
  app: FastifyInstance;
  store: Store;
  accounts: AccountsStore;
  mail: Mail[];
  dbPath: string;
  close(): Promise<void>;
}

/** A real temp SQLite database and an app over it; private networks allowed for local test sites. */
export async function startHarness(options: Partial<AppOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'dislike404-server-'));
  return harnessOver(join(dir, 'server.sqlite'), options, () => rm(dir, { recursive: true, force: true }));
}

/**
 * The store and accounts at `location` (a SQLite path or a postgres:// URL) opened as `serve`
 * opens them, and the app over them with the tests' defaults; `cleanup` runs after closing.
 */
export async function harnessOver(location: string, options: Partial<AppOptions>, cleanup: () => Promise<unknown>): Promise<Harness> {
  const store = await openStore(location);
  const accounts = await openAccountsStore(location);
  const mail: Mail[] = [];
  let app: FastifyInstance;
  try {
    app = await buildApp({
      store,
      accounts,
      allowPrivateNetworks: true,
      mailer: async (m) => void mail.push(m),
      scanOverrides: { timeoutMs: 5000, retries: 0, parseWorkers: 0, checkExternal: false },
      ...options,
    });
  } catch (error) {
    await accounts.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    await cleanup().catch(() => undefined);
    throw error;
  }
  return {
    app,
    store,
    accounts,
    mail,
    dbPath: location,
    close: async () => {
      try {
        await app.close();
        await accounts.close();
        await store.close();
      } finally {
        await cleanup();
      }
    },
  };
}

export function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function csrfFrom(body: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match?.[1]) throw new Error('no CSRF field on the page');
  return match[1];
}

export function cookieValue(response: LightMyRequestResponse, name: string): string | undefined {
  return response.cookies.find((c) => c.name === name)?.value;
}

/** A signed-in browser: its session cookie and the session's CSRF token. */
export interface Browser {
  cookie: string;
  csrf: string;
}

export async function signUp(app: FastifyInstance, email: string, password = 'correct horse battery'): Promise<Browser> {
  const formPage = await app.inject({ method: 'GET', url: '/signup' });
  const anon = cookieValue(formPage, 'd404_csrf') ?? '';
  const response = await app.inject({
    method: 'POST',
    url: '/signup',
    headers: { ...FORM, cookie: `d404_csrf=${anon}` },
    payload: form({ email, password, _csrf: csrfFrom(formPage.body) }),
  });
  if (response.statusCode !== 303) throw new Error(`sign-up failed: ${response.statusCode} ${response.body}`);
  const cookie = `d404_session=${cookieValue(response, 'd404_session') ?? ''}`;
  const home = await app.inject({ method: 'GET', url: '/', headers: { cookie } });
  return { cookie, csrf: csrfFrom(home.body) };
}

export async function addSite(app: FastifyInstance, browser: Browser, url: string): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/sites', headers: { ...FORM, cookie: browser.cookie }, payload: form({ url, _csrf: browser.csrf }) });
  if (response.statusCode !== 303) throw new Error(`add site failed: ${response.statusCode} ${response.body}`);
  return String(response.headers.location).split('/').pop() ?? '';
}

export async function createToken(app: FastifyInstance, browser: Browser, name = 'wordpress'): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/account/tokens', headers: { ...FORM, cookie: browser.cookie }, payload: form({ name, _csrf: browser.csrf }) });
  const match = /<code id="new-token">([^<]+)<\/code>/.exec(response.body);
  if (response.statusCode !== 201 || !match?.[1]) throw new Error(`token creation failed: ${response.statusCode}`);
  return match[1];
}

/** Polls the v1 status until the run leaves initiating/running. */
export async function waitForScan(app: FastifyInstance, token: string, siteId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i += 1) {
    const response = await app.inject({ method: 'GET', url: `/api/v1/urls/${siteId}/status`, headers: { authorization: `Bearer ${token}` } });
    const data = (response.json() as { data: Record<string, unknown> }).data;
    if (data.status !== 'initiating' && data.status !== 'running') return data;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('scan did not finish');
}

/** Polls the stored scan until it is no longer running (30 s at most) and returns it. */
export async function waitForStoredScan(store: Store, scanId: string): Promise<Scan | null> {
  let scan = await store.getScan(scanId);
  for (let i = 0; i < 300 && scan?.status === 'running'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    scan = await store.getScan(scanId);
  }
  return scan;
}
