import type { FastifyInstance } from 'fastify';
import { validateBlacklistRule } from '../../store/blacklist-rule.js';
import type { AppContext } from '../app-context.js';
import { notFound, ServerError } from '../server-error.js';
import { blacklistBody, createSiteBody, updateSiteBody } from './api-v2-schemas.js';
import { authenticate, parseV2, pathId, siteView, V2 } from './api-v2-support.js';

/** Sites and their blacklists; every id is looked up through `ownedSite`, so others' ids are 404. */
export function registerApiV2SiteRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(`${V2}/sites`, async (request) => {
    const user = await authenticate(ctx, request);
    const sites = await ctx.sites.listSites(user);
    return { data: await Promise.all(sites.map((site) => siteView(ctx, site))) };
  });

  app.post(`${V2}/sites`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const body = parseV2(createSiteBody, request.body, 'body');
    const site = await ctx.sites.addSite(user, body.url, body.name);
    return reply.code(201).header('location', `${V2}/sites/${site.id}`).send(await siteView(ctx, site));
  });

  app.get(`${V2}/sites/:id`, async (request) => {
    const user = await authenticate(ctx, request);
    return siteView(ctx, await ctx.sites.ownedSite(user, pathId(request.params)));
  });

  app.patch(`${V2}/sites/:id`, async (request) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    const changes = parseV2(updateSiteBody, request.body, 'body');
    const updated = await ctx.store.updateSiteSettings(site.id, { ...site.settings, ...changes });
    return siteView(ctx, updated);
  });

  app.delete(`${V2}/sites/:id`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    // Deleting under a running scan would leave it writing results for a site that no longer exists.
    if (ctx.runner.isRunning(site.id)) throw new ServerError('SCAN_ALREADY_RUNNING', 'A scan of this site is running; stop it before deleting the site');
    await ctx.store.removeSite(site.id);
    return reply.code(204).send();
  });

  app.get(`${V2}/sites/:id/blacklist`, async (request) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    return { data: await ctx.store.listBlacklistRules(site.id) };
  });

  app.post(`${V2}/sites/:id/blacklist`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    const body = parseV2(blacklistBody, request.body, 'body');
    const input = { ...body, author: user.email };
    // The store would refuse a broken rule too, but only this check can name the field.
    const checked = validateBlacklistRule(input);
    if (!checked.ok) throw new ServerError('INVALID_INPUT', `Invalid field ${checked.field}: ${checked.message}`);
    const rule = await ctx.store.addBlacklistRule(site.id, input);
    return reply.code(201).header('location', `${V2}/sites/${site.id}/blacklist/${rule.id}`).send(rule);
  });

  app.delete(`${V2}/sites/:id/blacklist/:ruleId`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    const ruleId = pathId(request.params, 'ruleId');
    // A rule id is only meaningful under its own site: one from another site is as missing as a made-up one.
    const rules = await ctx.store.listBlacklistRules(site.id);
    if (!rules.some((rule) => rule.id === ruleId)) throw notFound('No such blacklist rule');
    await ctx.store.removeBlacklistRule(ruleId);
    return reply.code(204).send();
  });
}
