import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createChannel, readChannels, withChannels, type AlertChannel, type ChannelInput } from '../../notify/alert-channel.js';
import { sendTestAlert } from '../../notify/alert-site.js';
import type { DeliverOptions, DeliveryRecord } from '../../notify/deliver.js';
import { readDeliveryHistory } from '../../notify/delivery-history.js';
import { NotifyError, type ChannelField } from '../../notify/notify-error.js';
import type { NotifySettings } from '../../notify/notify-settings.js';
import { nextScheduledRun } from '../../schedule/scheduler.js';
import { readSiteSchedule } from '../../schedule/site-schedule.js';
import type { Site } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import type { AppOptions } from '../app.js';
import { page } from '../html.js';
import type { FinishedListener, FinishedScan } from '../scan-runner.js';
import { notFound, ServerError } from '../server-error.js';
import { parseInput } from '../validation.js';
import { alertsView, EMPTY_FORM, type AlertsPageModel, type ChannelForm, type ChannelFormErrors, type ChannelFormField } from '../views/alerts-view.js';
import { sendPage } from './account-routes.js';

declare module '../app.js' {
  interface AppOptions {
    /** The operator's alert settings (SMTP, links); without them an email channel's test alert fails with SMTP_NOT_CONFIGURED. */
    notify?: NotifySettings;
    /** Delivery knobs for tests: no-wait retries, a clock, a DNS lookup. */
    deliverOptions?: Pick<DeliverOptions, 'sleep' | 'clock' | 'maxAttempts' | 'baseDelayMs' | 'timeoutMs' | 'lookup'>;
    /** Receives the app's scans once it is built: `serve` runs scheduled scans and alerts through them. */
    onScans?: (scans: AppScans) => void;
  }
}

/** What `serve` needs from the web app to run scheduled scans exactly as the web app runs scans. */
export interface AppScans {
  /**
   * Runs one scheduled scan through the app's runner and resolves once it is recorded: the site's
   * own settings, its tier's page cap (sites without an owner are the operator's: verified tier),
   * live progress on its pages, and no use of the on-demand daily quota. Null when a scan of the
   * site is already running.
   */
  runScheduled(site: Site): Promise<FinishedScan | null>;
  /** Every scan the runner finishes, on-demand or scheduled. */
  onFinished(listener: FinishedListener): () => void;
}

const idParams = z.object({ id: z.string().max(64) }).strict();
const channelParams = z.object({ id: z.string().max(64), channelId: z.string().max(64) }).strict();
const csrfOnly = z.object({ _csrf: z.string().max(128).optional() }).strict();
const channelForm = z
  .object({
    kind: z.string().max(20).default(''),
    target: z.string().max(2000).default(''),
    secret: z.string().max(256).optional(),
    minSeverity: z.string().max(20).default('error'),
    includeFixed: z.literal('on').optional(),
    everyScan: z.literal('on').optional(),
    _csrf: z.string().max(128).optional(),
  })
  .strict();

/** Test alerts answer a button press: one attempt, no backoff, unless the operator's options say otherwise. */
const TEST_ATTEMPTS = 1;

/** How this app delivers alerts: the operator's settings and network switch, tests' knobs on top. */
export function appDeliverOptions(ctx: AppContext, options: AppOptions): DeliverOptions {
  const settings = options.notify ?? { smtp: null, reportBaseUrl: ctx.publicUrl, unsubscribeSecret: options.unsubscribeSecret ?? null };
  return { settings, clock: ctx.now, allowPrivateNetworks: options.allowPrivateNetworks, ...options.deliverOptions };
}

/** Sends one test alert to a channel of the site and records it in the delivery history. */
export function testChannel(ctx: AppContext, options: AppOptions, site: Site, channel: AlertChannel): Promise<DeliveryRecord> {
  const deliverOptions = appDeliverOptions(ctx, options);
  return sendTestAlert(ctx.store, site, channel, { ...deliverOptions, maxAttempts: options.deliverOptions?.maxAttempts ?? TEST_ATTEMPTS });
}

export function findChannel(site: Site, channelId: string): AlertChannel {
  const channel = readChannels(site.settings).find((c) => c.id === channelId);
  if (channel === undefined) throw notFound('No such alert channel');
  return channel;
}

/** The alerts page of a site: channels (secrets masked), add/remove/test, schedule (read-only), delivery history. */
export function registerMonitoringRoutes(app: FastifyInstance, ctx: AppContext, options: AppOptions): void {
  options.onScans?.(appScans(ctx));

  app.get('/sites/:id/alerts', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    return sendPage(reply, 200, alertsPage(site, signedIn.session.csrfToken, {}, signedIn.user.email));
  });

  app.post('/sites/:id/alerts', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    const body = parseInput(channelForm, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, signedIn);
    const form: ChannelForm = { kind: body.kind, target: body.target, minSeverity: body.minSeverity, includeFixed: body.includeFixed === 'on', everyScan: body.everyScan === 'on' };
    const input: ChannelInput = {
      kind: form.kind,
      ...(form.kind === 'email' ? { to: [form.target] } : { url: form.target.trim() }),
      ...(body.secret === undefined || form.kind !== 'webhook' ? {} : { secret: body.secret }),
      minSeverity: form.minSeverity,
      includeFixed: form.includeFixed,
      everyScan: form.everyScan,
    };
    let channel: AlertChannel;
    try {
      channel = createChannel(input, ctx.now());
    } catch (error) {
      if (!(error instanceof NotifyError)) throw error;
      const errors = formErrors(error);
      return sendPage(reply, 422, alertsPage(site, signedIn.session.csrfToken, { form, errors }, signedIn.user.email));
    }
    const fresh = (await ctx.store.getSite(site.id)) ?? site;
    await ctx.store.updateSiteSettings(site.id, withChannels(fresh.settings, [...readChannels(fresh.settings), channel]));
    return reply.redirect(`/sites/${site.id}/alerts`, 303);
  });

  app.post('/sites/:id/alerts/:channelId/remove', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const params = parseInput(channelParams, request.params, 'params');
    const site = await ctx.sites.ownedSite(signedIn.user, params.id);
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    findChannel(site, params.channelId);
    await ctx.store.updateSiteSettings(site.id, withChannels(site.settings, readChannels(site.settings).filter((c) => c.id !== params.channelId)));
    return reply.redirect(`/sites/${site.id}/alerts`, 303);
  });

  app.post('/sites/:id/alerts/:channelId/test', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const params = parseInput(channelParams, request.params, 'params');
    const site = await ctx.sites.ownedSite(signedIn.user, params.id);
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    const channel = findChannel(site, params.channelId);
    const record = await testChannel(ctx, options, site, channel);
    const fresh = (await ctx.store.getSite(site.id)) ?? site;
    return sendPage(reply, 200, alertsPage(fresh, signedIn.session.csrfToken, { tested: { channel, record } }, signedIn.user.email));
  });

  function alertsPage(site: Site, csrf: string, extra: Partial<AlertsPageModel>, email: string): string {
    const stored = readSiteSchedule(site.settings);
    const model: AlertsPageModel = {
      site,
      csrf,
      schedule: stored?.schedule ?? null,
      nextRun: stored === null ? null : nextScheduledRun(stored),
      channels: readChannels(site.settings),
      history: readDeliveryHistory(site.settings),
      form: EMPTY_FORM,
      errors: {},
      tested: null,
      ...extra,
    };
    return page(`Alerts for ${site.name}`, alertsView(model), { email, csrf });
  }
}

const FORM_FIELD: Record<ChannelField, ChannelFormField> = { kind: 'kind', to: 'target', url: 'target', secret: 'secret', minSeverity: 'minSeverity' };
const FORM_MESSAGE: Record<ChannelField, string> = {
  kind: 'Choose email, webhook or Slack.',
  to: 'Enter one or more email addresses, separated by commas.',
  url: 'Enter the full http(s) URL of the webhook.',
  secret: 'Enter a signing secret of at least 16 characters; the receiver checks the signature with it.',
  minSeverity: 'Choose errors, warnings or notices.',
};

function formErrors(error: NotifyError): ChannelFormErrors {
  const field = error.field ?? 'kind';
  return { [FORM_FIELD[field]]: FORM_MESSAGE[field] };
}

function appScans(ctx: AppContext): AppScans {
  return {
    async runScheduled(site) {
      const verified = site.owner === null || (await ctx.sites.isVerified(site));
      const tier = verified ? ctx.quotas.verified : ctx.quotas.unverified;
      try {
        return await ctx.runner.run(site, { maxPages: tier.maxPages, trigger: 'schedule' });
      } catch (error) {
        if (error instanceof ServerError && error.code === 'SCAN_ALREADY_RUNNING') return null;
        throw error;
      }
    },
    onFinished: (listener) => ctx.runner.onFinished(listener),
  };
}
