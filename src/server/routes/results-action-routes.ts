import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Finding } from '../../core/report-types.js';
import type { Scan } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import type { AppOptions } from '../app.js';
import { BLACKLIST_TARGETS, blacklistChoices, sameRule } from '../blacklist-actions.js';
import { html, page } from '../html.js';
import { DEFAULT_RECHECK_LIMITS, RecheckLimiter } from '../recheck-limiter.js';
import { canRecheck, recheckFinding } from '../recheck-link.js';
import { notFound, ServerError } from '../server-error.js';
import { parseInput } from '../validation.js';
import { recheckView } from '../views/recheck-view.js';
import { RESULTS_STYLE } from '../views/results-view.js';
import { sendPage } from './account-routes.js';
import { ownedSiteScan } from './live-routes.js';
import { resultsLocation, resultsQuerySchema, type ResultsQuery } from './results-query.js';

const csrf = z.string().max(128).optional();
/** Longer than any URL the engine checks (maxUrlLength, 8192 by default). */
const findingUrl = z.string().min(1).max(10_000);
const blacklistBody = z.object({ url: findingUrl, target: z.enum(BLACKLIST_TARGETS), _csrf: csrf }).strict();
const recheckBody = z.object({ url: findingUrl, _csrf: csrf }).strict();
const csrfOnly = z.object({ _csrf: csrf }).strict();
const ruleParams = z.object({ id: z.string().max(64), scanId: z.string().max(64), ruleId: z.string().max(64) }).strict();

/**
 * What the results page lets a user do about one finding: blacklist it (URL, folder or host) with
 * an undo, and check it again now. Every route is a CSRF-checked form post on the user's own
 * site and scan; anything else is a 404, as if it did not exist.
 */
export function registerResultActionRoutes(app: FastifyInstance, ctx: AppContext, options: AppOptions): void {
  const limiter = new RecheckLimiter(DEFAULT_RECHECK_LIMITS, () => ctx.now().getTime());

  app.post('/sites/:id/scans/:scanId/blacklist', async (request, reply) => {
    const { signedIn, site, scan, query } = await actionOn(ctx, request);
    const body = parseInput(blacklistBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, signedIn);
    const finding = await findingOf(ctx, scan, body.url);
    const choice = blacklistChoices(finding, signedIn.user.email).find((c) => c.target === body.target);
    if (choice === undefined || finding.severity === 'ok') throw new ServerError('INVALID_INPUT', `This finding cannot be blacklisted by ${body.target}`);
    const existing = sameRule(await ctx.store.listBlacklistRules(site.id), choice.rule);
    const action = `/sites/${site.id}/scans/${scan.id}`;
    if (existing !== null) return reply.redirect(resultsLocation(action, query, { already: existing.id }), 303);
    const rule = await ctx.store.addBlacklistRule(site.id, choice.rule);
    return reply.redirect(resultsLocation(action, query, { added: rule.id }), 303);
  });

  app.post('/sites/:id/scans/:scanId/blacklist/:ruleId/delete', async (request, reply) => {
    const { signedIn, site, scan, query } = await actionOn(ctx, request);
    const { ruleId } = parseInput(ruleParams, request.params, 'params');
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    // Only a rule of this very site: a rule id alone must not reach another tenant's blacklist.
    const rule = (await ctx.store.listBlacklistRules(site.id)).find((r) => r.id === ruleId);
    if (rule === undefined || !(await ctx.store.removeBlacklistRule(rule.id))) throw notFound('No such blacklist rule');
    return reply.redirect(resultsLocation(`/sites/${site.id}/scans/${scan.id}`, query, { undone: '1' }), 303);
  });

  app.post('/sites/:id/scans/:scanId/recheck', async (request, reply) => {
    const { signedIn, site, scan, query } = await actionOn(ctx, request);
    const body = parseInput(recheckBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, signedIn);
    // Counted before the lookup too, so nobody can probe which URLs a scan holds at full speed.
    const waitSeconds = limiter.take(signedIn.user.id);
    if (waitSeconds > 0) {
      throw new ServerError('RATE_LIMITED', `Too many rechecks; try again in ${waitSeconds} seconds`, { headers: { 'retry-after': String(waitSeconds) } });
    }
    // Only a finding of this scan: the server fetches nothing a user merely names.
    const stored = await findingOf(ctx, scan, body.url);
    if (!canRecheck(stored)) throw new ServerError('INVALID_INPUT', 'Only web links the engine may fetch can be rechecked');
    const fresh = await recheckFinding(stored, { allowPrivateNetworks: options.allowPrivateNetworks, scanOptions: scan.options });
    reply.header('cache-control', 'no-store');
    const back = resultsLocation(`/sites/${site.id}/scans/${scan.id}`, query);
    const content = html`${RESULTS_STYLE}<p><a href="/sites/${site.id}">${site.name}</a> · <a href="${back}">Back to the results</a></p>${recheckView(stored, fresh, ctx.now())}`;
    return sendPage(reply, 200, page('Recheck', content, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  });
}

/** The signed-in user's site and scan named in the path, and the results filters to return to. */
async function actionOn(ctx: AppContext, request: FastifyRequest) {
  const signedIn = await ctx.auth.requireSession(request);
  const { id, scanId } = request.params as { id?: unknown; scanId?: unknown };
  const { site, scan } = await ownedSiteScan(ctx, { id, scanId }, signedIn.user);
  const query: ResultsQuery = parseInput(resultsQuerySchema, request.query, 'query');
  return { signedIn, site, scan, query };
}

async function findingOf(ctx: AppContext, scan: Scan, url: string): Promise<Finding> {
  const found = await ctx.store.getFindings(scan.id, { url, limit: 1, occurrenceLimit: 0 });
  const finding = found.findings[0];
  if (finding === undefined) throw notFound('No such finding in this scan');
  return finding;
}
