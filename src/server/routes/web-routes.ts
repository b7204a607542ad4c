import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { createApiToken } from '../api-tokens.js';
import { CONTENT_SECURITY_POLICY, csrfField, html, page } from '../html.js';
import { VERIFICATION_FILE, VERIFICATION_QUERY, verificationCode } from '../site-verification.js';
import { notFound } from '../server-error.js';
import { parseInput } from '../validation.js';
import { dashboardView, type SiteCard } from '../views/dashboard-view.js';
import { liveProgressPanel, livePageCsp } from '../views/live-progress-view.js';
import { safeLink } from '../views/safe-link.js';
import { resumeScanForm, scanHistoryView, scheduleLine, SITE_PAGE_STYLE, siteLinks, stopScanForm } from '../views/site-view.js';
import { nextScheduledRun } from '../../schedule/scheduler.js';
import { readSiteSchedule } from '../../schedule/site-schedule.js';
import type { Site } from '../../store/store.js';
import { sendPage } from './account-routes.js';
import { isLive, liveNumbers, ownedSiteScan } from './live-routes.js';
import { siteUrl } from './site-url.js';

const csrfOnly = z.object({ _csrf: z.string().max(128).optional() }).strict();
const idParams = z.object({ id: z.string().max(64) }).strict();
const tokenBody = z.object({ name: z.string().trim().min(1, 'give the token a name').max(100), _csrf: z.string().max(128).optional() }).strict();
const siteBody = z.object({ url: siteUrl, _csrf: z.string().max(128).optional() }).strict();

/** Scans per dashboard trend: enough to see a direction, few enough to stay one small query per site. */
const TREND_SCANS = 10;
/** Rows in the site page's history; older scans stay reachable through the API. */
const HISTORY_SCANS = 50;

async function siteCard(ctx: AppContext, site: Site): Promise<SiteCard> {
  const [status, recentScans] = await Promise.all([ctx.sites.status(site), ctx.store.listScans(site.id, { limit: TREND_SCANS })]);
  const schedule = readSiteSchedule(site.settings);
  return { site, status, recentScans, nextRun: schedule === null ? null : nextScheduledRun(schedule) };
}

/** The signed-in pages: sites, one site, creating and revoking API tokens (listed on the account page). Every POST is CSRF-checked. */
export function registerWebRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/', async (request, reply) => {
    const signedIn = await ctx.auth.session(request);
    if (signedIn === null) return reply.redirect('/login', 303);
    const sites = await ctx.sites.listSites(signedIn.user);
    const cards = await Promise.all(sites.map((site) => siteCard(ctx, site)));
    const addForm = html`<form method="post" action="/sites">${csrfField(signedIn.session.csrfToken)}<label>Site URL <input name="url" type="url" required></label> <button>Add site</button></form>`;
    const body = dashboardView(cards, addForm);
    return sendPage(reply, 200, page('Your sites', body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  });

  app.post('/sites', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const body = parseInput(siteBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, signedIn);
    const site = await ctx.sites.addSite(signedIn.user, body.url);
    return reply.redirect(`/sites/${site.id}`, 303);
  });

  const livePages = new WeakSet<object>();
  // A route hook runs after the app's onSend, which sets the default policy on every reply.
  const widenPolicy = async (_request: unknown, reply: FastifyReply): Promise<void> => {
    if (livePages.has(reply)) reply.header('content-security-policy', livePageCsp(CONTENT_SECURITY_POLICY));
  };
  app.get('/sites/:id', { onSend: widenPolicy }, async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    const status = await ctx.sites.status(site);
    const verified = await ctx.sites.isVerified(site);
    const history = await ctx.store.listScans(site.id, { limit: HISTORY_SCANS });
    const csrf = signedIn.session.csrfToken;
    // Only a scan this process runs can be stopped; a stale `running` row has nothing to abort.
    const running = ctx.runner.progress(site.id) !== null;
    const scan = status.scan;
    const live = scan !== null && isLive(ctx, site, scan);
    // Only while the panel is shown does the page run a script, so only then is the policy widened.
    if (live) livePages.add(reply);
    const schedule = readSiteSchedule(site.settings);
    const latestFinished = history.find((s) => s.summary !== null) ?? null;
    const body = html`${SITE_PAGE_STYLE}<p>${safeLink(site.url)}</p>
${siteLinks(site.id, latestFinished)}
<p>Last scan: <strong id="scan-state">${status.state}</strong>, ${status.pagesCrawled} pages, ${status.errors} errors.${
      scan === null ? '' : html` <a href="/sites/${site.id}/scans/${scan.id}">${status.state === 'running' || status.state === 'initiating' ? 'Watch it live' : 'See the results'}</a>`
    }</p>
${live && scan !== null ? liveProgressPanel(site.id, scan.id, liveNumbers(ctx, site, scan), { resultsHref: `/sites/${site.id}/scans/${scan.id}` }) : ''}
${running ? stopScanForm(site.id, csrf) : html`<form method="post" action="/sites/${site.id}/scan">${csrfField(csrf)}<button>Scan now</button></form>`}
${!running && scan !== null && scan.status === 'interrupted' ? resumeScanForm(site.id, scan, csrf) : ''}
${scheduleLine(site.id, schedule, schedule === null ? null : nextScheduledRun(schedule))}
${scanHistoryView(site.id, history)}
<section><h2>Ownership</h2>${
      verified
        ? html`<p>Verified: this site scans up to ${ctx.quotas.verified.maxPages} pages, ${ctx.quotas.verified.scansPerDay} on-demand scans a day.</p>`
        : html`<p>Unverified sites scan at most ${ctx.quotas.unverified.maxPages} pages and ${ctx.quotas.unverified.scansPerDay} on-demand scans a day, so nobody can point this server at a site they do not run.
To prove the site is yours, publish this code at <code>${VERIFICATION_FILE}</code> on the site, or make <code>${VERIFICATION_QUERY}</code> answer it:</p>
<p><code id="verification-code">${verificationCode(site.url, site.id)}</code></p>
<form method="post" action="/sites/${site.id}/verify">${csrfField(csrf)}<button>Check now</button></form>`
    }</section>`;
    return sendPage(reply, 200, page(site.name, body, { email: signedIn.user.email, csrf }));
  });

  app.post('/sites/:id/scan', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    await ctx.sites.startScan(site);
    return reply.redirect(`/sites/${site.id}`, 303);
  });

  app.post('/sites/:id/scans/:scanId/resume', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const { site, scan } = await ownedSiteScan(ctx, request.params, signedIn.user);
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    await ctx.sites.resumeScan(site, scan);
    return reply.redirect(`/sites/${site.id}`, 303);
  });

  app.post('/sites/:id/stop', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    // Nothing running is not an error: the scan may have finished while the page was open.
    ctx.runner.abort(site.id);
    return reply.redirect(`/sites/${site.id}`, 303);
  });

  app.post('/sites/:id/verify', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    const outcome = await ctx.sites.verify(site);
    if (outcome.verified) return reply.redirect(`/sites/${site.id}`, 303);
    return sendPage(reply, 422, page('Not verified yet', html`<p role="alert">${outcome.message}</p><p><a href="/sites/${site.id}">Back to the site</a></p>`, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  });

  app.post('/account/tokens', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const body = parseInput(tokenBody, request.body, 'body');
    ctx.auth.checkCsrf(request, body._csrf, signedIn);
    const { token } = await createApiToken(ctx.accounts, signedIn.user.id, body.name, ctx.now());
    // Shown once: only its hash is kept, so the page must not be cached anywhere.
    reply.header('cache-control', 'no-store');
    const shown = html`<p>Copy this token now; it will not be shown again.</p><p><code id="new-token">${token}</code></p><p><a href="/account">Done</a></p>`;
    return sendPage(reply, 201, page('New API token', shown, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  });

  app.post('/account/tokens/:id/revoke', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const { id } = parseInput(idParams, request.params, 'params');
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    if (!(await ctx.accounts.revokeApiToken(signedIn.user.id, id, ctx.now().toISOString()))) throw notFound('No such token');
    return reply.redirect('/account', 303);
  });
}
