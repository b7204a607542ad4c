import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HISTORY_WINDOW } from '../../classify/site-memory.js';
import { diffScans, type FindingChange } from '../../store/diff-scans.js';
import type { Scan } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import type { AppOptions } from '../app.js';
import { page } from '../html.js';
import { notFound } from '../server-error.js';
import { parseInput } from '../validation.js';
import { diffView, sortChanges } from '../views/diff-view.js';
import { sendPage } from './account-routes.js';
import { ownedSiteScan } from './live-routes.js';
import { brokenUnsuppressedFindings, previousCompletedScan } from '../scan-comparison.js';

const diffPageQuery = z
  .object({
    // The select's default option posts an empty value.
    against: z.string().max(64).optional(),
    change: z.enum(['new', 'fixed', 'still_broken'] as const satisfies readonly FindingChange[]).optional(),
    page: z.coerce.number().int().min(1).max(100_000).optional(),
  })
  .strict();
/** Scans offered in the compare-with select; an older one can still be named in the URL. */
const CANDIDATES = 50;

/** The diff page: new, fixed and still broken links of one scan against another scan of the same site. */
export function registerDiffRoutes(app: FastifyInstance, ctx: AppContext, _options: AppOptions): void {
  app.get('/sites/:id/scans/:scanId/diff', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const { site, scan } = await ownedSiteScan(ctx, request.params, signedIn.user);
    const query = parseInput(diffPageQuery, request.query, 'query');
    const chosen = query.against !== undefined && query.against !== '';
    let against: Scan | null;
    if (chosen) {
      // Another user's scan and a scan of another site are both simply not there.
      against = (await ctx.sites.ownedScan(signedIn.user, query.against ?? '')).scan;
      if (against.siteId !== site.id) throw notFound('No such scan');
    } else {
      against = await previousCompletedScan(ctx.store, scan);
    }
    const recent = await ctx.store.listScans(site.id, { limit: CANDIDATES + 1 });
    const candidates = recent.filter((s) => s.id !== scan.id && s.summary !== null).slice(0, CANDIDATES);
    if (against !== null && !candidates.some((s) => s.id === against?.id)) candidates.push(against);
    const ready = scan.summary !== null && (against === null || against.summary !== null);
    const current = ready ? await brokenUnsuppressedFindings(ctx.store, scan.id) : [];
    const before = ready && against !== null ? await brokenUnsuppressedFindings(ctx.store, against.id) : [];
    const urls = [...new Set([...current, ...before].map((f) => f.url))];
    const entries = ready
      ? diffScans(
          { startedAt: against?.startedAt ?? against?.createdAt ?? scan.createdAt, findings: before },
          { startedAt: scan.startedAt ?? scan.createdAt, findings: current },
          { history: urls.length === 0 ? new Map() : await ctx.store.urlHistory(site.id, urls, HISTORY_WINDOW) },
        )
      : [];
    const body = diffView({
      site,
      scan,
      against,
      chosen,
      candidates,
      entries: sortChanges(entries),
      only: query.change ?? null,
      page: query.page ?? 1,
    });
    return sendPage(reply, 200, page(`Changes: ${site.name}`, body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  });
}

