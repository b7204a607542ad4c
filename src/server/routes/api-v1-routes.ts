import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../server-error.js';
import { verificationDomain } from '../site-verification.js';
import { parseInput } from '../validation.js';

const uuidParams = z.object({ uuid: z.string().max(64) }).strict();

/**
 * The API the dislike404 WordPress plugin speaks, answered exactly as the hosted service does:
 * site = "url", scan = "run". Bearer tokens only; errors are `{"message": "..."}` (see app.ts).
 */
export function registerApiV1Routes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/v1/urls', async (request) => {
    const user = await ctx.auth.requireBearer(request);
    const sites = await ctx.sites.listSites(user);
    const data = await Promise.all(
      sites.map(async (site) => ({ uuid: site.id, url: site.url, domain: verificationDomain(site.url), verified: await ctx.sites.isVerified(site) })),
    );
    return { data };
  });

  app.post('/api/v1/urls/:uuid/scan', async (request, reply) => {
    const user = await ctx.auth.requireBearer(request);
    const site = await ctx.sites.ownedSite(user, parseInput(uuidParams, request.params, 'params').uuid);
    const scan = await ctx.sites.startScan(site);
    return reply.code(202).send({ data: { status: 'initiating', run_uuid: scan.id, url_uuid: site.id }, message: 'Scan started' });
  });

  app.get('/api/v1/urls/:uuid/status', async (request) => {
    const user = await ctx.auth.requireBearer(request);
    const site = await ctx.sites.ownedSite(user, parseInput(uuidParams, request.params, 'params').uuid);
    const status = await ctx.sites.status(site);
    return {
      data: {
        status: status.state,
        detected_errors: status.errors,
        crawled_pages: status.pagesCrawled,
        end_time: status.scan?.finishedAt ?? null,
        run_uuid: status.scan?.id ?? null,
        url_uuid: site.id,
      },
    };
  });

  app.post('/api/v1/urls/:uuid/verify', async (request) => {
    const user = await ctx.auth.requireBearer(request);
    const site = await ctx.sites.ownedSite(user, parseInput(uuidParams, request.params, 'params').uuid);
    const outcome = await ctx.sites.verify(site);
    if (!outcome.verified) throw new ServerError('NOT_VERIFIED', outcome.message);
    return { data: { verified: true, method: outcome.method, url_uuid: site.id }, message: 'Site verified' };
  });
}
