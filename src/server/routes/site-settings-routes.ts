import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { compileUrlPattern } from '../../crawl/url-pattern.js';
import { DEFAULT_AT, DEFAULT_TIMEZONE, describeSchedule, parseSchedule, type Schedule } from '../../schedule/schedule-spec.js';
import { nextScheduledRun } from '../../schedule/scheduler.js';
import { readSiteSchedule, withSchedule } from '../../schedule/site-schedule.js';
import type { Site } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import type { AppOptions } from '../app.js';
import { page } from '../html.js';
import { parseInput } from '../validation.js';
import { siteSettingsView, type SettingsErrors, type SettingsField, type SettingsFormValues } from '../views/site-settings-view.js';
import { sendPage } from './account-routes.js';
import { updateSiteBody } from './api-v2-schemas.js';

const idParams = z.object({ id: z.string().max(64) }).strict();
const settingsQuery = z.object({ saved: z.literal('1').optional() }).strict();
const line = z.string().max(20);
const lines = z.string().max(30_000);
/** The form as posted: only its shape is checked here; the values are judged field by field below. */
const settingsForm = z
  .object({
    _csrf: z.string().max(128).optional(),
    includeSubdomains: line.optional(),
    maxPages: line.optional(),
    maxDepth: line.optional(),
    include: lines.optional(),
    exclude: lines.optional(),
    checkExternal: line.optional(),
    checkFragments: line.optional(),
    protectedPaths: lines.optional(),
    scheduleKind: line.optional(),
    scheduleAt: line.optional(),
    scheduleWeekday: line.optional(),
    scheduleMonthDay: line.optional(),
    scheduleTimezone: z.string().max(100).optional(),
    scheduleCron: z.string().max(200).optional(),
  })
  .strict();
type SettingsForm = z.infer<typeof settingsForm>;

/** The site settings page: scope, limits, patterns, checks and the schedule, saved into `site.settings`. */
export function registerSiteSettingsRoutes(app: FastifyInstance, ctx: AppContext, _options: AppOptions): void {
  app.get('/sites/:id/settings', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    const { saved } = parseInput(settingsQuery, request.query, 'query');
    const body = await settingsPage(ctx, site, signedIn.session.csrfToken, valuesFromSettings(site.settings), {}, saved !== undefined);
    return sendPage(reply, 200, page(`Settings: ${site.name}`, body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  });

  app.post('/sites/:id/settings', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    const posted = parseInput(settingsForm, request.body, 'body');
    ctx.auth.checkCsrf(request, posted._csrf, signedIn);
    const values = valuesFromForm(posted);
    const maxPagesLimit = await pageLimit(ctx, site);
    const checked = checkSettings(values, maxPagesLimit);
    if (!checked.ok) {
      const body = await settingsPage(ctx, site, signedIn.session.csrfToken, values, checked.errors, false);
      return sendPage(reply, 422, page(`Settings: ${site.name}`, body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
    }
    // Read again right before writing, so keys other writers keep here (alerts, the monitor's last run) survive.
    const current = (await ctx.store.getSite(site.id)) ?? site;
    await ctx.store.updateSiteSettings(site.id, mergeSettings(current.settings, checked, ctx.now()));
    return reply.redirect(`/sites/${site.id}/settings?saved=1`, 303);
  });
}

async function pageLimit(ctx: AppContext, site: Site): Promise<number> {
  return ((await ctx.sites.isVerified(site)) ? ctx.quotas.verified : ctx.quotas.unverified).maxPages;
}

async function settingsPage(ctx: AppContext, site: Site, csrf: string, values: SettingsFormValues, errors: SettingsErrors, saved: boolean) {
  const verified = await ctx.sites.isVerified(site);
  const stored = readSiteSchedule(site.settings);
  const schedule =
    stored === null || stored.schedule.kind === 'off'
      ? null
      : { description: describeSchedule(stored.schedule), nextRun: nextScheduledRun(stored), timezone: stored.schedule.timezone };
  return siteSettingsView({ site, values, errors, csrf, verified, maxPagesLimit: (verified ? ctx.quotas.verified : ctx.quotas.unverified).maxPages, schedule, saved });
}

const textList = (value: unknown): string => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').join('\n') : '');

/** The stored settings as the form shows them; anything missing shows the engine's default. */
export function valuesFromSettings(settings: Record<string, unknown>): SettingsFormValues {
  const stored = readSiteSchedule(settings)?.schedule ?? ({ kind: 'off' } as Schedule);
  return {
    includeSubdomains: settings.includeSubdomains === true,
    maxPages: typeof settings.maxPages === 'number' ? String(settings.maxPages) : '',
    maxDepth: typeof settings.maxDepth === 'number' ? String(settings.maxDepth) : '',
    include: textList(settings.include),
    exclude: textList(settings.exclude),
    checkExternal: settings.checkExternal !== false,
    checkFragments: settings.checkFragments !== false,
    protectedPaths: textList(settings.protectedPaths),
    scheduleKind: stored.kind,
    scheduleAt: 'at' in stored ? stored.at : DEFAULT_AT,
    scheduleWeekday: stored.kind === 'weekly' ? stored.day : 'mon',
    scheduleMonthDay: stored.kind === 'monthly' ? String(stored.day) : '1',
    scheduleTimezone: 'timezone' in stored ? stored.timezone : DEFAULT_TIMEZONE,
    scheduleCron: stored.kind === 'cron' ? stored.expression : '',
  };
}

function valuesFromForm(form: SettingsForm): SettingsFormValues {
  return {
    // An unticked checkbox is simply not posted.
    includeSubdomains: form.includeSubdomains !== undefined,
    maxPages: (form.maxPages ?? '').trim(),
    maxDepth: (form.maxDepth ?? '').trim(),
    include: form.include ?? '',
    exclude: form.exclude ?? '',
    checkExternal: form.checkExternal !== undefined,
    checkFragments: form.checkFragments !== undefined,
    protectedPaths: form.protectedPaths ?? '',
    scheduleKind: (form.scheduleKind ?? 'off').trim(),
    scheduleAt: (form.scheduleAt ?? '').trim(),
    scheduleWeekday: (form.scheduleWeekday ?? '').trim(),
    scheduleMonthDay: (form.scheduleMonthDay ?? '').trim(),
    scheduleTimezone: (form.scheduleTimezone ?? '').trim(),
    scheduleCron: (form.scheduleCron ?? '').trim(),
  };
}

const splitLines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');

type UserSettings = z.infer<typeof updateSiteBody>;
type Checked = { ok: true; settings: UserSettings; maxPages: number | null; schedule: Schedule } | { ok: false; errors: SettingsErrors };

/** Every field is judged, so one submit shows every problem; patterns by the API's own schema. */
export function checkSettings(values: SettingsFormValues, maxPagesLimit: number): Checked {
  const errors: SettingsErrors = {};
  const maxPages = wholeNumber(values.maxPages, 1, maxPagesLimit, 'maxPages', errors, `This site may scan at most ${maxPagesLimit} pages`);
  const maxDepth = wholeNumber(values.maxDepth, 0, 1000, 'maxDepth', errors, 'Enter at most 1000');
  const protectedPaths = splitLines(values.protectedPaths);
  // The engine compiles protected paths like include/exclude patterns; the API schema lets any string through.
  protectedPaths.forEach((pattern, index) => {
    if (errors.protectedPaths !== undefined) return;
    try {
      compileUrlPattern(pattern);
    } catch (error) {
      errors.protectedPaths = `Line ${index + 1}: ${error instanceof Error ? error.message : 'invalid pattern'}`;
    }
  });
  const parsed = updateSiteBody.safeParse({
    include: splitLines(values.include),
    exclude: splitLines(values.exclude),
    maxDepth,
    includeSubdomains: values.includeSubdomains,
    checkExternal: values.checkExternal,
    checkFragments: values.checkFragments,
    protectedPaths,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [key, index] = issue.path;
      const name = String(key) as SettingsField;
      if (errors[name] !== undefined) continue;
      errors[name] = typeof index === 'number' ? `Line ${index + 1}: ${issue.message}` : issue.message;
    }
  }
  const schedule = checkSchedule(values, errors);
  if (!parsed.success || schedule === null || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, settings: parsed.data, maxPages, schedule };
}

function wholeNumber(text: string, min: number, max: number, field: SettingsField, errors: SettingsErrors, tooBig: string): number | null {
  if (text === '') return null;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < min) errors[field] = `Enter a whole number of at least ${min}, or leave it empty`;
  else if (value > max) errors[field] = tooBig;
  return value;
}

function checkSchedule(values: SettingsFormValues, errors: SettingsErrors): Schedule | null {
  const kind = values.scheduleKind;
  const result = parseSchedule({
    kind,
    at: values.scheduleAt === '' ? undefined : values.scheduleAt,
    day: kind === 'weekly' ? values.scheduleWeekday : values.scheduleMonthDay === '' ? undefined : values.scheduleMonthDay,
    timezone: values.scheduleTimezone === '' ? undefined : values.scheduleTimezone,
    expression: values.scheduleCron,
  });
  if (result.ok) return result.schedule;
  // parseSchedule words its messages for CLI flags; the form names its own fields.
  switch (result.code) {
    case 'INVALID_DAY':
      if (kind === 'weekly') errors.scheduleWeekday = 'Choose a weekday';
      else errors.scheduleMonthDay = `Enter a day of the month from 1 to 28, got "${values.scheduleMonthDay}"`;
      break;
    case 'INVALID_TIME':
      errors.scheduleAt = `Enter a time of day as HH:MM (24-hour), got "${values.scheduleAt}"`;
      break;
    case 'INVALID_TIMEZONE':
      errors.scheduleTimezone = `Enter an IANA time zone such as Europe/Berlin, got "${values.scheduleTimezone}"`;
      break;
    case 'INVALID_SCHEDULE':
      errors.scheduleKind = 'Choose off, daily, weekly, monthly or custom (cron)';
      break;
    case 'INVALID_CRON':
      errors.scheduleCron = result.message;
      break;
  }
  return null;
}

function sameSchedule(a: Schedule, b: Schedule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The form's keys over the stored settings. Keys the form does not show stay as they are; an
 * unchanged schedule keeps its start, so saving other settings never skips a due run.
 */
export function mergeSettings(stored: Record<string, unknown>, checked: Extract<Checked, { ok: true }>, now: Date): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored, ...checked.settings };
  if (checked.maxPages === null) delete merged.maxPages;
  else merged.maxPages = checked.maxPages;
  const previous = readSiteSchedule(stored)?.schedule ?? { kind: 'off' };
  return sameSchedule(previous, checked.schedule) ? merged : withSchedule(merged, checked.schedule, now);
}
