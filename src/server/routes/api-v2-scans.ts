import type { FastifyInstance } from 'fastify';
import { isScanAlive } from '../../store/active-scan.js';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../server-error.js';
import { historyQuery } from './api-v2-schemas.js';
import { authenticate, isLive, parseV2, pathId, scanView, V2 } from './api-v2-support.js';

/** Starting, stopping and reading scans. */
export function registerApiV2ScanRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(`${V2}/sites/:id/scans`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    // Quota (429) and "already running" (409) are decided by the same service the web pages use.
    const scan = await ctx.sites.startScan(site);
    return reply.code(202).header('location', `${V2}/scans/${scan.id}`).send(await scanView(ctx, site, scan));
  });

  app.get(`${V2}/sites/:id/scans`, async (request) => {
    const user = await authenticate(ctx, request);
    const site = await ctx.sites.ownedSite(user, pathId(request.params));
    const page = parseV2(historyQuery, request.query, 'query');
    const scans = await ctx.store.listScans(site.id, page);
    return { data: await Promise.all(scans.map((scan) => scanView(ctx, site, scan))), limit: page.limit, offset: page.offset };
  });

  app.post(`${V2}/scans/:id/resume`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const { site, scan } = await ctx.sites.ownedScan(user, pathId(request.params));
    const resumed = await ctx.sites.resumeScan(site, scan);
    return reply.code(202).header('location', `${V2}/scans/${resumed.id}`).send(await scanView(ctx, site, resumed));
  });

  app.get(`${V2}/scans/:id`, async (request) => {
    const user = await authenticate(ctx, request);
    const { site, scan } = await ctx.sites.ownedScan(user, pathId(request.params));
    return scanView(ctx, site, scan);
  });

  /**
   * Stopping is idempotent: a scan that already ended (or whose process is gone) answers 200 with
   * its state, so a client retrying after a timeout never sees an error for a stop that worked the
   * first time. A scan another live process runs (the CLI, another server) cannot be stopped from
   * here: 409 rather than a 200 that would claim it ended.
   */
  app.post(`${V2}/scans/:id/stop`, async (request, reply) => {
    const user = await authenticate(ctx, request);
    const { site, scan } = await ctx.sites.ownedScan(user, pathId(request.params));
    const stopping = (await isLive(ctx, site, scan)) && ctx.runner.abort(site.id);
    if (!stopping && isScanAlive(scan, ctx.now().getTime())) {
      throw new ServerError('SCAN_ALREADY_RUNNING', 'This scan is running in another process (the CLI or another server) and can only be stopped there');
    }
    return reply.code(stopping ? 202 : 200).send(await scanView(ctx, site, scan));
  });
}
