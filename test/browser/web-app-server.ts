import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { buildApp } from '../../src/server/app.js';
import type { Mail } from '../../src/server/app-context.js';
import type { AccountsStore } from '../../src/store/accounts-store.js';
import { openAccountsStore } from '../../src/store/open-accounts-store.js';
import { openStore, type Store } from '../../src/store/store.js';
import { ARTIFACTS_DIR } from './report-page.js';

/** The web app over a real socket on 127.0.0.1 and a real SQLite file, as `dislike404 serve` runs it. */
export interface WebAppServer {
  origin: string;
  app: FastifyInstance;
  store: Store;
  accounts: AccountsStore;
  mail: Mail[];
  close(): Promise<void>;
}

export async function startWebApp(): Promise<WebAppServer> {
  const dir = await mkdtemp(join(tmpdir(), 'dislike404-browser-'));
  const dbPath = join(dir, 'app.sqlite');
  const store = await openStore(dbPath);
  const accounts = await openAccountsStore(dbPath);
  const mail: Mail[] = [];
  const app = await buildApp({
    store,
    accounts,
    // The test sites live on 127.0.0.1; a real deployment keeps this off.
    allowPrivateNetworks: true,
    mailer: async (m) => void mail.push(m),
    scanOverrides: { timeoutMs: 5000, retries: 0, parseWorkers: 0, checkExternal: false },
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    origin: address,
    app,
    store,
    accounts,
    mail,
    close: async () => {
      await app.close();
      await accounts.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Screenshots of the main pages, kept as CI artifacts under test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `web-app-${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Elements that reach past the right edge of the viewport, outside scrollable regions (phone-width check). */
export async function tooWide(page: Page): Promise<string[]> {
  // A string, because this runs in Chromium and the test's TypeScript has no DOM types.
  return page.evaluate<string[]>(`(() => {
    const width = window.innerWidth;
    const insideScroller = (el) => {
      for (let p = el.parentElement; p !== null; p = p.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
      return false;
    };
    // Text that cannot wrap spills out of a box without widening it: compare scrollWidth too.
    const spills = (el) => getComputedStyle(el).overflowX === 'visible' && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
    const wide = [...document.body.querySelectorAll('*')].filter((el) => (el.getBoundingClientRect().right > width + 1 || spills(el)) && !insideScroller(el));
    if (document.documentElement.scrollWidth > width + 1 && wide.length === 0) wide.push(document.documentElement);
    return wide
      .map((el) => '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '> ' + Math.round(el.getBoundingClientRect().right) + 'px: ' + (el.textContent || '').trim().slice(0, 60));
  })()`);
}
