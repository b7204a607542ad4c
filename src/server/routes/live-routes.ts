import type { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { ScanProgress } from '../../crawl/scan-events.js';
import type { User } from '../../store/accounts-store.js';
import type { Scan, Site } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import type { ScanEventsHub } from '../scan-events-hub.js';
import { notFound } from '../server-error.js';
import { parseInput } from '../validation.js';
import { LIVE_SCRIPT, LIVE_SCRIPT_PATH, type LiveNumbers } from '../views/live-progress-view.js';

const scanParams = z.object({ id: z.string().max(64), scanId: z.string().max(64) }).strict();
/** Comment lines keep proxies from closing a quiet stream (a slow site can take a while per page). */
const HEARTBEAT_MS = 15_000;
/** "Current" rate: URLs checked per second over this much of the latest progress. */
const RATE_WINDOW_MS = 5_000;

/** The site's scan `scanId`, or 404 when either is not the user's or they do not belong together. */
export async function ownedSiteScan(ctx: AppContext, rawParams: unknown, user: User): Promise<{ site: Site; scan: Scan }> {
  const params = parseInput(scanParams, rawParams, 'params');
  const site = await ctx.sites.ownedSite(user, params.id);
  const { scan } = await ctx.sites.ownedScan(user, params.scanId);
  if (scan.siteId !== site.id) throw notFound('No such scan');
  return { site, scan };
}

/** True while this process is still working on the scan (a `running` row can outlive a restart). */
export function isLive(ctx: AppContext, site: Site, scan: Scan): boolean {
  return (scan.status === 'running' || scan.status === 'queued') && ctx.runner.isRunning(site.id);
}

/** Live numbers of a scan from its engine while it runs, else from its stored row. */
export function liveNumbers(ctx: AppContext, site: Site, scan: Scan): LiveNumbers {
  const live = isLive(ctx, site, scan) ? ctx.runner.progress(site.id) : null;
  if (live !== null) return { pagesCrawled: live.pagesCrawled, urlsChecked: live.urlsChecked, errors: live.broken, ratePerSecond: live.rate };
  const s = scan.summary;
  return {
    pagesCrawled: s?.pagesCrawled ?? scan.counters.pagesCrawled,
    urlsChecked: s?.urlsChecked ?? scan.counters.urlsChecked,
    errors: s?.bySeverity.error ?? scan.counters.broken,
    ratePerSecond: s !== null && s.durationMs > 0 ? s.urlsChecked / (s.durationMs / 1000) : 0,
  };
}

/** Server-Sent Events of a running scan, and the script that shows them. */
export function registerLiveRoutes(app: FastifyInstance, ctx: AppContext, hub: ScanEventsHub): void {
  const open = new Set<() => void>();
  // Open streams would hold `app.close()` until their scans end; end them first.
  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });

  app.get(LIVE_SCRIPT_PATH, async (_request, reply) => {
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(LIVE_SCRIPT);
  });

  app.get('/sites/:id/scans/:scanId/events', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const { site, scan } = await ownedSiteScan(ctx, request.params, signedIn.user);
    const stream = new PassThrough();
    const send = (event: string, data: object): void => {
      if (!stream.writableEnded) stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const samples: ScanProgress[] = [];
    let heartbeat: NodeJS.Timeout | undefined;
    let unsubscribe = (): void => undefined;
    const end = (): void => {
      unsubscribe();
      clearInterval(heartbeat);
      open.delete(end);
      stream.end();
    };
    let finishing = false;
    const finish = async (): Promise<void> => {
      if (finishing) return;
      finishing = true;
      const final = (await ctx.store.getScan(scan.id)) ?? scan;
      send('done', { status: final.status, ...liveNumbers(ctx, site, final) });
      end();
    };
    // Subscribe before reading the row: `done` is published after the row is final, so a scan
    // that finishes in between is seen either here or by the listener, never by neither.
    unsubscribe = hub.subscribe(scan.id, (event) => {
      if (event.type === 'done') {
        void finish().catch(end);
        return;
      }
      samples.push(event.progress);
      send('progress', progressData(event.progress, samples));
    });
    open.add(end);
    reply.raw.on('close', end);
    reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-store').header('x-accel-buffering', 'no');
    // The browser retries a dropped stream itself after this many milliseconds.
    stream.write('retry: 5000\n\n');
    const current = (await ctx.store.getScan(scan.id)) ?? scan;
    if (!isLive(ctx, site, current)) void finish().catch(end);
    else {
      send('progress', { ...liveNumbers(ctx, site, current) });
      heartbeat = setInterval(() => void stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
    }
    return reply.send(stream);
  });
}

function progressData(progress: ScanProgress, samples: ScanProgress[]): LiveNumbers {
  const latest = progress.elapsedMs;
  while (samples.length > 2 && (samples[0]?.elapsedMs ?? latest) < latest - RATE_WINDOW_MS) samples.shift();
  const first = samples[0];
  const spanMs = first === undefined ? 0 : latest - first.elapsedMs;
  const ratePerSecond = first !== undefined && spanMs >= 500 ? (progress.urlsChecked - first.urlsChecked) / (spanMs / 1000) : progress.rate;
  return { pagesCrawled: progress.pagesCrawled, urlsChecked: progress.urlsChecked, errors: progress.broken, ratePerSecond };
}
