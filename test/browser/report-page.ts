import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_AVAILABLE = existsSync(CHROMIUM_PATH);
/** CI must not pass by skipping: there a missing browser is a broken machine, not a choice. */
export const BROWSER_REQUIRED = Boolean(process.env.CI || process.env.DISLIKE404_REQUIRE_SERVICES);
export const ARTIFACTS_DIR = resolve('test-artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page plus everything it did that a self-contained, inert report must never do. */
export interface ReportPage {
  page: Page;
  url: string;
  consoleErrors: string[];
  /** Every request URL the page made, the report file itself included. */
  requests: string[];
  dialogs: string[];
}

export async function openReport(
  browser: Browser,
  file: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<ReportPage> {
  const page = await browser.newPage({ viewport });
  const opened: ReportPage = { page, url: pathToFileURL(file).href, consoleErrors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') opened.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => opened.consoleErrors.push(error.message));
  page.on('request', (request) => opened.requests.push(request.url()));
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(opened.url);
  return opened;
}

/** A scratch folder for report files, removed by the returned function. */
export async function makeScratchDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dislike404-html-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeReport(dir: string, name: string, html: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, html, 'utf8');
  return file;
}

export async function saveScreenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `html-report-${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** The "Showing N of M findings" line once the filters have settled. */
export async function showingText(page: Page): Promise<string> {
  return (await page.locator('#showing').textContent()) ?? '';
}
