import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ScanSettingsInput } from '../crawl/scan-options.js';
import type { AccountsStore } from '../store/accounts-store.js';
import { isStoreError } from '../store/store-error.js';
import type { Store } from '../store/store.js';
import type { AppContext, Mailer } from './app-context.js';
import { Auth } from './auth.js';
import { CONTENT_SECURITY_POLICY, html, page } from './html.js';
import { sweepInterruptedScans } from './interrupted-scans.js';
import { LoginThrottle, type ThrottleLimits } from './login-throttle.js';
import { quotasSchema, type QuotasInput } from './quotas.js';
import { registerAccountRoutes } from './routes/account-routes.js';
import { registerAccountSettingsRoutes } from './routes/account-settings-routes.js';
import { registerApiV1Routes } from './routes/api-v1-routes.js';
import { registerApiV2Routes } from './routes/api-v2-routes.js';
import { registerDiffRoutes } from './routes/diff-routes.js';
import { registerGuideRoutes } from './routes/guide-routes.js';
import { registerLiveRoutes } from './routes/live-routes.js';
import { registerMonitoringRoutes } from './routes/monitoring-routes.js';
import { registerResultActionRoutes } from './routes/results-action-routes.js';
import { registerResultsRoutes } from './routes/results-routes.js';
import { registerSiteAdminRoutes } from './routes/site-admin-routes.js';
import { registerSiteSettingsRoutes } from './routes/site-settings-routes.js';
import { registerUnsubscribeRoutes } from './routes/unsubscribe-routes.js';
import { registerWebRoutes } from './routes/web-routes.js';
import { ScanEventsHub } from './scan-events-hub.js';
import { ScanRunner } from './scan-runner.js';
import { ServerError } from './server-error.js';
import { SiteService } from './site-service.js';

export interface AppOptions {
  store: Store;
  accounts: AccountsStore;
  /** False for any server reachable by people other than the operator (see README). */
  allowPrivateNetworks: boolean;
  quotas?: QuotasInput;
  clock?: () => Date;
  mailer?: Mailer;
  /** Where users reach this server, for links in emails and the Secure cookie flag. */
  publicUrl?: string;
  loginThrottle?: ThrottleLimits;
  /** Scan options forced on every scan (tests shorten timeouts). */
  scanOverrides?: Partial<ScanSettingsInput>;
  /**
   * Requests per IP address to /api/v1 and /api/v2 (web pages and live streams are not counted);
   * over it the API answers 429 with Retry-After. False turns it off. Default:
   * DISLIKE404_API_RATE_LIMIT requests a minute when set (0 = off), else 300 a minute.
   */
  apiRateLimit?: ApiRateLimit | false;
  logger?: boolean;
  /** Told of every route as it is registered (tests enumerate them to try each with another user's ids). */
  onRoute?: (route: { method: string; url: string }) => void;
}

export interface ApiRateLimit {
  max: number;
  windowMs: number;
}

export const DEFAULT_API_RATE_LIMIT: ApiRateLimit = { max: 300, windowMs: 60_000 };

/** Builds the web app and APIs without listening; `dislike404 serve` listens, tests inject. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.clock ?? (() => new Date());
  const publicUrl = options.publicUrl ?? 'http://127.0.0.1:4040';
  const quotas = quotasSchema.parse(options.quotas ?? {});
  const app = Fastify({
    logger: options.logger
      ? {
          // Query strings carry reset tokens and headers carry cookies and API tokens: log neither.
          serializers: { req: (req) => ({ method: req.method, path: req.url.split('?')[0] }) },
        }
      : false,
    bodyLimit: 64 * 1024,
    trustProxy: false,
  });
  const onRoute = options.onRoute;
  if (onRoute !== undefined) app.addHook('onRoute', (route) => [route.method].flat().forEach((method) => onRoute({ method, url: route.url })));
  const scanEvents = new ScanEventsHub();
  const runner = new ScanRunner({
    store: options.store,
    events: scanEvents,
    allowPrivateNetworks: options.allowPrivateNetworks,
    ...(options.scanOverrides === undefined ? {} : { overrides: options.scanOverrides }),
    onError: (error, scanId) => app.log.error({ err: error, scanId }, 'scan failed'),
  });
  const ctx: AppContext = {
    store: options.store,
    accounts: options.accounts,
    auth: new Auth(options.accounts, now, publicUrl.startsWith('https:')),
    sites: new SiteService({ store: options.store, accounts: options.accounts, runner, quotas, allowPrivateNetworks: options.allowPrivateNetworks, now }),
    runner,
    throttle: new LoginThrottle(options.loginThrottle ?? { maxFailures: 10, windowMs: 15 * 60_000 }, () => now().getTime()),
    quotas,
    now,
    mailer: options.mailer,
    publicUrl,
  };

  await app.register(cookie);
  await app.register(formbody);
  await registerApiRateLimit(app, options.apiRateLimit === undefined ? apiRateLimitFromEnv(process.env) : options.apiRateLimit);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('referrer-policy', reply.getHeader('referrer-policy') ?? 'same-origin');
  });
  app.addHook('onClose', () => runner.close());
  // Scans a previous server process left running would otherwise read "running" forever.
  const sweep = await sweepInterruptedScans({
    store: options.store,
    now,
    isRunningHere: (siteId) => runner.isRunning(siteId),
    onError: (error) => app.log.error({ err: error }, 'could not mark an interrupted scan'),
  });
  if (sweep.interrupted.length > 0) app.log.warn({ scans: sweep.interrupted.map((s) => s.id) }, 'marked scans interrupted by a restart');
  app.addHook('onClose', async () => sweep.close());
  app.setErrorHandler((error: FastifyError | ServerError, request, reply) => sendError(toServerError(error, request), request, reply));
  app.setNotFoundHandler((request, reply) => sendError(new ServerError('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`), request, reply));

  registerAccountRoutes(app, ctx);
  registerAccountSettingsRoutes(app, ctx);
  registerWebRoutes(app, ctx);
  registerApiV1Routes(app, ctx);
  registerApiV2Routes(app, ctx, options);
  registerLiveRoutes(app, ctx, scanEvents);
  registerResultsRoutes(app, ctx);
  registerGuideRoutes(app, ctx);
  registerUnsubscribeRoutes(app, ctx, options);
  registerResultActionRoutes(app, ctx, options);
  registerSiteSettingsRoutes(app, ctx, options);
  registerDiffRoutes(app, ctx, options);
  registerMonitoringRoutes(app, ctx, options);
  registerSiteAdminRoutes(app, ctx, options);
  return app;
}

/** The operator's DISLIKE404_API_RATE_LIMIT (requests a minute per IP; 0 turns the limit off). */
export function apiRateLimitFromEnv(env: Record<string, string | undefined>): ApiRateLimit | false {
  const raw = env.DISLIKE404_API_RATE_LIMIT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_API_RATE_LIMIT;
  if (!/^\d+$/.test(raw)) throw new Error(`Expected DISLIKE404_API_RATE_LIMIT to be a whole number of requests per minute (0 = no limit), got ${JSON.stringify(raw)}`);
  const max = Number(raw);
  return max === 0 ? false : { max, windowMs: 60_000 };
}

const API_PATH = /^\/api\/v[12](\/|$|\?)/;

/**
 * Per-IP limit on both APIs, checked before authentication so failed tokens count too. Unknown
 * API paths count as well (they are answered by the not-found handler, which no route hook sees).
 */
async function registerApiRateLimit(app: FastifyInstance, limit: ApiRateLimit | false): Promise<void> {
  if (limit === false) return;
  if (!Number.isInteger(limit.max) || limit.max < 1 || !Number.isInteger(limit.windowMs) || limit.windowMs < 1) {
    throw new Error(`Expected apiRateLimit to have a positive max and windowMs, got ${JSON.stringify(limit)}`);
  }
  await app.register(rateLimit, {
    global: false,
    max: limit.max,
    timeWindow: limit.windowMs,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new ServerError('RATE_LIMITED', `Too many API requests from your address (limit: ${context.max} per ${formatWindow(limit.windowMs)}); try again in ${seconds} s`, {
        headers: { 'retry-after': String(seconds) },
      });
    },
  });
  const check = app.rateLimit();
  app.addHook('onRequest', async (request, reply) => {
    if (API_PATH.test(request.url)) await check.call(app, request, reply);
  });
}

function formatWindow(ms: number): string {
  if (ms === 60_000) return 'minute';
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function toServerError(error: FastifyError | ServerError, request: FastifyRequest): ServerError {
  if (error instanceof ServerError) return error;
  if (isStoreError(error, 'CONFLICT')) return new ServerError('SITE_EXISTS', error.message, { cause: error });
  if (isStoreError(error, 'INVALID_INPUT')) return new ServerError('INVALID_INPUT', error.message, { cause: error });
  // Fastify's own 4xx (malformed JSON, unsupported media type, body too large) keep their status.
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  if (status >= 400 && status < 500) return new ServerError('BAD_REQUEST', error.message, { cause: error });
  request.log.error({ err: error }, 'request failed');
  return new ServerError('INTERNAL', 'Something went wrong on our side', { cause: error });
}

function sendError(error: ServerError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const fastifyStatus = (error.cause as { statusCode?: unknown } | undefined)?.statusCode;
  const status = error.code === 'BAD_REQUEST' && typeof fastifyStatus === 'number' ? fastifyStatus : error.statusCode;
  reply.code(status).headers(error.headers);
  const path = request.url.split('?')[0] ?? '';
  // The WordPress plugin reads `message` only; v1 answers exactly that shape.
  if (path.startsWith('/api/v1/')) return reply.send({ message: error.message });
  if (path.startsWith('/api/') || !(request.headers.accept ?? '').includes('text/html')) return reply.send({ code: error.code, message: error.message });
  return reply.type('text/html; charset=utf-8').send(page(`Error ${status}`, html`<p role="alert">${error.message}</p><p><a href="/">Home</a></p>`));
}
