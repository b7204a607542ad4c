import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page, startSite, type TestSite } from '../helpers/test-site.js';
import { addSite, FORM, form, signUp, startHarness, type Browser, type Harness } from './server-harness.js';

let h: Harness;
let site: TestSite;
let alice: Browser;
let mallory: Browser;
let siteId: string;

const NOW = new Date('2024-01-01T00:00:00.000Z'); // a Monday
const STORED_EXTRAS = {
  alerts: { email: ['ops@example.com'] },
  severityOverrides: [{ code: '403', severity: 'notice' }],
  monitor: { schedule: { kind: 'daily', at: '03:00', timezone: 'UTC' }, since: '2023-12-01T00:00:00.000Z', lastRunAt: '2023-12-31T03:00:00.000Z' },
};

/** Everything a user can set, as the form posts it; each test overrides what it is about. */
function settingsForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    _csrf: alice.csrf,
    maxPages: '',
    maxDepth: '',
    include: '',
    exclude: '',
    checkFragments: 'on',
    protectedPaths: '',
    scheduleKind: 'daily',
    scheduleAt: '03:00',
    scheduleWeekday: 'mon',
    scheduleMonthDay: '1',
    scheduleTimezone: 'UTC',
    scheduleCron: '',
    ...overrides,
  };
}

beforeAll(async () => {
  site = await startSite({
    '/': page('<a href="/ok">ok</a> <a href="/private/secret">secret</a> <a href="/deep1">deep</a>'),
    '/ok': page('fine'),
    '/deep1': page('<a href="/deep2">deeper</a>'),
    '/deep2': page('<a href="/deep3">deepest</a>'),
    '/deep3': page('bottom'),
    '/private/secret': { status: 404, body: 'gone' },
  });
  h = await startHarness({ clock: () => NOW, quotas: { unverified: { maxPages: 5, scansPerDay: 25 } } });
  alice = await signUp(h.app, 'alice@example.com');
  mallory = await signUp(h.app, 'mallory@example.com');
  siteId = await addSite(h.app, alice, `${site.origin}/`);
  await h.store.updateSiteSettings(siteId, STORED_EXTRAS);
});
afterAll(async () => {
  await h.close();
  await site.close();
});

const get = (url: string, browser: Browser = alice) => h.app.inject({ method: 'GET', url, headers: { cookie: browser.cookie, accept: 'text/html' } });
const post = (url: string, payload: Record<string, string>, browser: Browser = alice) =>
  h.app.inject({ method: 'POST', url, headers: { ...FORM, cookie: browser.cookie, accept: 'text/html' }, payload: form(payload) });
const settingsOf = async (): Promise<Record<string, unknown>> => (await h.store.getSite(siteId))?.settings ?? {};

async function scanToEnd(): Promise<void> {
  expect((await post(`/sites/${siteId}/scan`, { _csrf: alice.csrf })).statusCode).toBe(303);
  for (let i = 0; i < 200; i += 1) {
    const [latest] = await h.store.listScans(siteId, { limit: 1 });
    if (latest !== undefined && latest.status !== 'running' && latest.status !== 'queued') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('scan did not finish');
}

describe('site settings page', () => {
  it('shows a labelled form with the quota, the schedule and the user agent note', async () => {
    const response = await get(`/sites/${siteId}/settings`);
    expect(response.statusCode).toBe(200);
    for (const field of ['includeSubdomains', 'maxPages', 'maxDepth', 'include', 'exclude', 'checkExternal', 'checkFragments', 'protectedPaths', 'scheduleKind', 'scheduleAt', 'scheduleWeekday', 'scheduleMonthDay', 'scheduleTimezone', 'scheduleCron']) {
      expect(response.body).toContain(`<label for="f-${field}">`);
      expect(response.body).toMatch(new RegExp(`id="f-${field}" name="${field}"`));
    }
    expect(response.body).toContain('max="5"');
    expect(response.body).toContain('<option value="daily" selected>');
    expect(response.body).toContain('<code>Dislike404Bot</code>');
    expect(response.body).toContain('robots.txt');
    expect(response.body).toContain('name="_csrf"');
  });

  it('saves the settings over the stored ones, and the next scan honours them', async () => {
    const saved = await post(
      `/sites/${siteId}/settings`,
      settingsForm({ maxPages: '2', exclude: '/private/**\n', scheduleKind: 'weekly', scheduleWeekday: 'wed', scheduleAt: '06:30', scheduleTimezone: 'Europe/Berlin' }),
    );
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/sites/${siteId}/settings?saved=1`);

    const settings = await settingsOf();
    expect(settings).toMatchObject({ maxPages: 2, exclude: ['/private/**'], include: [], checkExternal: false, checkFragments: true, includeSubdomains: false, maxDepth: null });
    expect(settings.alerts).toEqual(STORED_EXTRAS.alerts);
    expect(settings.severityOverrides).toEqual(STORED_EXTRAS.severityOverrides);
    expect(settings.monitor).toEqual({
      schedule: { kind: 'weekly', day: 'wed', at: '06:30', timezone: 'Europe/Berlin' },
      since: NOW.toISOString(),
      lastRunAt: STORED_EXTRAS.monitor.lastRunAt,
    });

    const shown = (await get(`/sites/${siteId}/settings?saved=1`)).body;
    expect(shown).toContain('<p role="status">Settings saved.</p>');
    expect(shown).toMatch(/<textarea id="f-exclude" name="exclude"[^>]*>\/private\/\*\*<\/textarea>/);
    expect(shown).toContain('<option value="wed" selected>');
    // Wednesday 06:30 in Berlin (UTC+1 in January) is 05:30 UTC.
    expect(shown).toContain('2024-01-03 05:30 UTC</time> (2024-01-03 06:30 Europe/Berlin)');
    const sitePage = (await get(`/sites/${siteId}`)).body;
    expect(sitePage).toContain(
      'Scheduled scans: weekly on wed at 06:30 (Europe/Berlin). Next run: <time datetime="2024-01-03T05:30:00.000Z">2024-01-03 05:30 UTC</time> (2024-01-03 06:30 Europe/Berlin).',
    );

    await scanToEnd();
    const [scan] = await h.store.listScans(siteId, { limit: 1 });
    expect(scan?.summary?.pagesCrawled).toBe(2);
    expect(site.hits('/private/secret')).toBe(0);
    const findings = await h.store.getFindings(scan?.id ?? '', { limit: 100 });
    expect(findings.findings.map((f) => f.url)).not.toContain(site.url('/private/secret'));
  });

  it('keeps an unchanged schedule as it was, so saving other settings does not move its next run', async () => {
    const before = (await settingsOf()).monitor;
    const saved = await post(
      `/sites/${siteId}/settings`,
      settingsForm({ maxPages: '2', scheduleKind: 'weekly', scheduleWeekday: 'wed', scheduleAt: '06:30', scheduleTimezone: 'Europe/Berlin', maxDepth: '3' }),
    );
    expect(saved.statusCode).toBe(303);
    const after = await settingsOf();
    expect(after.monitor).toEqual(before);
    expect(after.maxDepth).toBe(3);
  });

  it('refuses more pages than the quota allows, showing the value entered', async () => {
    const before = await settingsOf();
    const response = await post(`/sites/${siteId}/settings`, settingsForm({ maxPages: '6', exclude: '/keep/me/**' }));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<p id="f-maxPages-error" class="error" role="alert">This site may scan at most 5 pages</p>');
    expect(response.body).toMatch(/<input type="number" id="f-maxPages" name="maxPages" aria-describedby="f-maxPages-hint f-maxPages-error" aria-invalid="true" value="6"/);
    expect(response.body).toContain('>/keep/me/**</textarea>');
    expect(await settingsOf()).toEqual(before);
  });

  it('refuses a bad pattern and a bad cron expression with each message next to its field', async () => {
    const before = await settingsOf();
    const response = await post(
      `/sites/${siteId}/settings`,
      settingsForm({ include: '/blog/**\n/(unclosed/', protectedPaths: '/members/**', scheduleKind: 'cron', scheduleCron: '61 * * * *', scheduleTimezone: 'Mars/Olympus' }),
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toMatch(/<p id="f-include-error" class="error" role="alert">Line 2: invalid regular expression \/\(unclosed\/: [^<]+<\/p>/);
    expect(response.body).toMatch(/<textarea id="f-include" name="include" aria-describedby="f-include-hint f-include-error" aria-invalid="true"[^>]*>\/blog\/\*\*\n\/\(unclosed\/<\/textarea>/);
    expect(response.body).toContain('>/members/**</textarea>');
    expect(response.body).toContain('<option value="cron" selected>');
    // The time zone is judged before the expression; fixing it reveals the cron problem.
    expect(response.body).toContain('Enter an IANA time zone such as Europe/Berlin, got &#34;Mars/Olympus&#34;');
    expect(response.body).toContain('value="Mars/Olympus"');
    expect(response.body).toContain('value="61 * * * *"');
    expect(response.body).toContain('<a href="#f-include">Include patterns</a>');

    const cron = await post(`/sites/${siteId}/settings`, settingsForm({ scheduleKind: 'cron', scheduleCron: '61 * * * *' }));
    expect(cron.statusCode).toBe(422);
    expect(cron.body).toMatch(/<p id="f-scheduleCron-error" class="error" role="alert">Expected a cron expression such as &#34;0 \*\/6 \* \* \*&#34;, got &#34;61 \* \* \* \*&#34;/);
    expect(cron.body).toContain('value="61 * * * *"');

    const badProtected = await post(`/sites/${siteId}/settings`, settingsForm({ protectedPaths: '/ok/**\n/[z-a]/' }));
    expect(badProtected.statusCode).toBe(422);
    expect(badProtected.body).toContain('<p id="f-protectedPaths-error" class="error" role="alert">Line 2: invalid regular expression');
    expect(await settingsOf()).toEqual(before);
  });

  it('saves a cron schedule in the chosen time zone and turns a schedule off', async () => {
    expect((await post(`/sites/${siteId}/settings`, settingsForm({ maxPages: '2', scheduleKind: 'cron', scheduleCron: '15 */6 * * *', scheduleTimezone: 'Asia/Tokyo' }))).statusCode).toBe(303);
    expect((await settingsOf()).monitor).toMatchObject({ schedule: { kind: 'cron', expression: '15 */6 * * *', timezone: 'Asia/Tokyo' } });
    // 00:00 UTC is 09:00 in Tokyo; the next slot is 12:15 there, 03:15 UTC.
    expect((await get(`/sites/${siteId}/settings`)).body).toContain('2024-01-01 03:15 UTC</time> (2024-01-01 12:15 Asia/Tokyo)');

    expect((await post(`/sites/${siteId}/settings`, settingsForm({ maxPages: '2', scheduleKind: 'off' }))).statusCode).toBe(303);
    const settings = await settingsOf();
    expect(settings.monitor).toMatchObject({ schedule: { kind: 'off' }, lastRunAt: STORED_EXTRAS.monitor.lastRunAt });
    expect(settings.alerts).toEqual(STORED_EXTRAS.alerts);
    expect((await get(`/sites/${siteId}/settings`)).body).toContain('No scheduled scans yet.');
  });

  it("answers 404 for another user's site, and 403 without the form's CSRF token", async () => {
    const before = await settingsOf();
    expect((await get(`/sites/${siteId}/settings`, mallory)).statusCode).toBe(404);
    expect((await post(`/sites/${siteId}/settings`, { ...settingsForm({ exclude: '/**' }), _csrf: mallory.csrf }, mallory)).statusCode).toBe(404);
    const { _csrf: _omitted, ...withoutToken } = settingsForm({ exclude: '/**' });
    expect((await post(`/sites/${siteId}/settings`, withoutToken)).statusCode).toBe(403);
    expect((await post(`/sites/${siteId}/settings`, settingsForm({ exclude: '/**', _csrf: 'forged' }))).statusCode).toBe(403);
    expect(await settingsOf()).toEqual(before);
  });
});
