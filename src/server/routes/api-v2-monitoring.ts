import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createChannel, describeTarget, readChannels, withChannels, type AlertChannel } from '../../notify/alert-channel.js';
import { readDeliveryHistory } from '../../notify/delivery-history.js';
import { NotifyError } from '../../notify/notify-error.js';
import { SCHEDULE_KINDS, parseSchedule, WEEKDAYS, type ScheduleErrorCode } from '../../schedule/schedule-spec.js';
import { nextScheduledRun } from '../../schedule/scheduler.js';
import { readSiteSchedule, withSchedule } from '../../schedule/site-schedule.js';
import type { Site } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import type { AppOptions } from '../app.js';
import { ServerError } from '../server-error.js';
import { authenticate, parseV2, pathId, V2 } from './api-v2-support.js';
import { findChannel, testChannel } from './monitoring-routes.js';

export const scheduleBody = z
  .object({
    kind: z.enum(SCHEDULE_KINDS as [string, ...string[]]).describe('off, daily, weekly, monthly or cron'),
    at: z.string().max(5).optional().describe('Time of day HH:MM (daily, weekly, monthly; default 03:00)'),
    day: z
      .union([z.enum(WEEKDAYS as [string, ...string[]]), z.number().int().min(1).max(28)])
      .optional()
      .describe('Weekday mon…sun (weekly) or day of the month 1-28 (monthly)'),
    timezone: z.string().max(64).optional().describe('IANA time zone the time is read in (default UTC)'),
    expression: z.string().max(200).optional().describe('Cron expression (cron), e.g. "0 */6 * * *"'),
  })
  .strict();

export const channelBody = z
  .object({
    kind: z.enum(['email', 'webhook', 'slack']),
    to: z.array(z.string().max(320)).min(1).max(50).optional().describe('Email recipients (email)'),
    url: z.string().max(2000).optional().describe('Webhook or Slack incoming-webhook URL (never shown back in full)'),
    secret: z.string().max(256).optional().describe('Webhook signing secret, 16+ characters (never shown back)'),
    minSeverity: z.enum(['error', 'warning', 'notice']).optional().describe('Alert on new problems at or above this (default error)'),
    includeFixed: z.boolean().optional().describe('Also alert when problems were fixed'),
    everyScan: z.boolean().optional().describe('Send a summary after every scan, even with nothing new'),
  })
  .strict();

const FIELD_OF: Record<ScheduleErrorCode, string> = { INVALID_SCHEDULE: 'kind', INVALID_TIME: 'at', INVALID_DAY: 'day', INVALID_TIMEZONE: 'timezone', INVALID_CRON: 'expression' };

/** A channel as the API shows it: where it delivers with secrets masked, and what it alerts on. */
export function channelView(channel: AlertChannel): Record<string, unknown> {
  return {
    id: channel.id,
    kind: channel.kind,
    createdAt: channel.createdAt,
    target: describeTarget(channel),
    ...(channel.kind === 'email' ? { to: channel.to } : {}),
    minSeverity: channel.minSeverity,
    includeFixed: channel.includeFixed,
    everyScan: channel.everyScan,
  };
}

function scheduleView(site: Site): Record<string, unknown> {
  const stored = readSiteSchedule(site.settings);
  const next = stored === null ? null : nextScheduledRun(stored);
  return { schedule: stored?.schedule ?? { kind: 'off' }, since: stored?.since ?? null, lastRunAt: stored?.lastRunAt ?? null, nextRunAt: next?.toISOString() ?? null };
}

function channelId(params: unknown): string {
  const value = (params as Record<string, unknown> | null)?.channelId;
  return typeof value === 'string' ? value : '';
}

/** Schedules, alert channels and delivery history of the caller's sites; others' ids are 404. */
export function registerApiV2MonitoringRoutes(app: FastifyInstance, ctx: AppContext, options: AppOptions): void {
  app.get(`${V2}/sites/:id/schedule`, async (request) => {
    const user = await authenticate(ctx, request);
    return scheduleView(await ctx.sites.ownedSite(user, pathId(request.params)));
  });

  app.put(`${V2}/sites/:id/schedule`, async (request) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    const body = parseV2(scheduleBody, request.body, 'body');
    const parsed = parseSchedule({ ...body, day: body.day === undefined ? undefined : String(body.day) });
    if (!parsed.ok) throw new ServerError('INVALID_INPUT', `Invalid field ${FIELD_OF[parsed.code]}: ${parsed.message.replace(/--(\w+)/, (_m, name: string) => (name === 'tz' ? 'timezone' : name))}`);
    return scheduleView(await ctx.store.updateSiteSettings(site.id, withSchedule(site.settings, parsed.schedule, ctx.now())));
  });

  app.delete(`${V2}/sites/:id/schedule`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    // Off rather than gone: the last run is kept, so setting a schedule again does not rerun missed slots.
    await ctx.store.updateSiteSettings(site.id, withSchedule(site.settings, { kind: 'off' }, ctx.now()));
    return reply.code(204).send();
  });

  app.get(`${V2}/sites/:id/channels`, async (request) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    return { data: readChannels(site.settings).map(channelView) };
  });

  app.post(`${V2}/sites/:id/channels`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    const body = parseV2(channelBody, request.body, 'body');
    let channel: AlertChannel;
    try {
      channel = createChannel(body, ctx.now());
    } catch (error) {
      if (!(error instanceof NotifyError)) throw error;
      // The CLI's message names its flags; the API names its fields.
      throw new ServerError('INVALID_INPUT', `Invalid field ${error.field ?? 'kind'}: ${error.message.replace(/--([a-z-]+)/, (_m, flag: string) => flag.replace(/-(\w)/g, (_d, c: string) => c.toUpperCase()))}`, {
        cause: error,
      });
    }
    await ctx.store.updateSiteSettings(site.id, withChannels(site.settings, [...readChannels(site.settings), channel]));
    return reply.code(201).header('location', `${V2}/sites/${site.id}/channels/${channel.id}`).send(channelView(channel));
  });

  app.delete(`${V2}/sites/:id/channels/:channelId`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    const id = findChannel(site, channelId(request.params)).id;
    await ctx.store.updateSiteSettings(site.id, withChannels(site.settings, readChannels(site.settings).filter((c) => c.id !== id)));
    return reply.code(204).send();
  });

  app.post(`${V2}/sites/:id/channels/:channelId/test`, async (request) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    const channel = findChannel(site, channelId(request.params));
    return testChannel(ctx, options, site, channel);
  });

  app.get(`${V2}/sites/:id/deliveries`, async (request) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    return { data: readDeliveryHistory(site.settings) };
  });
}
