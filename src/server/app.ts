import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ScanSettingsInput } from '../crawl/scan-options.js';
import type { AccountsStore } from '../store/accounts-store.js';
import { isStoreError } from '../store/store-error.js';
import type { Store } from '../store/store.js';
import type { AppContext, Mailer } from './app-context.js';
import { Auth } from './auth.js';
import { CONTENT_SECURITY_POLICY, html, page } from './html.js';
import { LoginThrottle, type ThrottleLimits } from './login-throttle.js';
import { quotasSchema, type QuotasInput } from './quotas.js';
import { registerAccountRoutes } from './routes/account-routes.js';
import { registerApiV1Routes } from './routes/api-v1-routes.js';
import { registerApiV2Routes } from './routes/api-v2-routes.js';
import { registerDiffRoutes } from './routes/diff-routes.js';
import { registerGuideRoutes } from './routes/guide-routes.js';
import { registerLiveRoutes } from './routes/live-routes.js';
import { registerMonitoringRoutes } from './routes/monitoring-routes.js';
import { registerResultActionRoutes } from './routes/results-action-routes.js';
import { registerResultsRoutes } from './routes/results-routes.js';
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
  logger?: boolean;
}

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
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('referrer-policy', reply.getHeader('referrer-policy') ?? 'same-origin');
  });
  app.addHook('onClose', () => runner.close());
  app.setErrorHandler((error: FastifyError | ServerError, request, reply) => sendError(toServerError(error, request), request, reply));
  app.setNotFoundHandler((request, reply) => sendError(new ServerError('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`), request, reply));

  registerAccountRoutes(app, ctx);
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
  return app;
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
