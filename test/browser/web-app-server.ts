import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from '../server/server-harness.js';
import { ARTIFACTS_DIR } from './report-page.js';

/** The web app over a real socket on 127.0.0.1 and a real SQLite file, as `dislike404 serve` runs it. */
export interface WebAppServer extends Harness {
  origin: string;
}

export async function startWebApp(): Promise<WebAppServer> {
  const harness = await startHarness();
  const origin = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...harness, origin };
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
