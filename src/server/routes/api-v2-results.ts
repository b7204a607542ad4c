import type { FastifyInstance } from 'fastify';
import { HISTORY_WINDOW } from '../../classify/site-memory.js';
import { renderReport } from '../../report/render-report.js';
import { diffScans } from '../../store/diff-scans.js';
import type { FindingQuery, Scan } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import { brokenUnsuppressedFindings, previousCompletedScan } from '../scan-comparison.js';
import { notFound, ServerError } from '../server-error.js';
import { diffQuery, EXPORT_FORMATS, findingsQuery, type ExportFormat } from './api-v2-schemas.js';
import { authenticate, findingBrief, parseV2, pathId, V2 } from './api-v2-support.js';

const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** A scan's results: paginated findings, the diff against another scan, and downloadable reports. */
export function registerApiV2ResultRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(`${V2}/scans/:id/findings`, async (request) => {
    const user = await authenticate(ctx, request);
    const { scan } = await ctx.sites.ownedScan(user, pathId(request.params));
    const q = parseV2(findingsQuery, request.query, 'query');
    const query: FindingQuery = { limit: q.limit, offset: q.offset, sort: q.sort, descending: q.order === 'desc' };
    if (q.severity) query.severity = q.severity;
    if (q.internal !== undefined) query.internal = q.internal;
    if (q.status) query.status = q.status;
    if (q.kind) query.kind = q.kind;
    if (q.text !== undefined) query.text = q.text;
    if (q.suppressed !== undefined) query.suppressed = q.suppressed;
    if (q.new === true) {
      const previous = await previousCompletedScan(ctx.store, scan);
      if (previous !== null) query.notInScan = previous.id;
    }
    if (q.error) {
      // `none` alone selects plain HTTP outcomes; mixed with codes the store cannot express "or none".
      const codes = q.error.filter((code) => code !== 'none');
      if (codes.length > 0 && codes.length < q.error.length) throw new ServerError('INVALID_INPUT', 'Invalid query parameter error: `none` cannot be combined with error codes');
      query.error = codes.length === 0 ? null : codes;
    }
    const page = await ctx.store.getFindings(scan.id, query);
    return { total: page.total, limit: q.limit, offset: q.offset, data: page.findings };
  });

  app.get(`${V2}/scans/:id/diff`, async (request) => {
    const user = await authenticate(ctx, request);
    const { site, scan } = await ctx.sites.ownedScan(user, pathId(request.params));
    const { against } = parseV2(diffQuery, request.query, 'query');
    let previous: Scan | null;
    if (against === undefined) {
      previous = await previousCompletedScan(ctx.store, scan);
    } else {
      previous = (await ctx.sites.ownedScan(user, against)).scan;
      if (previous.siteId !== site.id) throw new ServerError('INVALID_INPUT', 'Invalid query parameter against: it must be a scan of the same site');
    }
    const current = await brokenUnsuppressedFindings(ctx.store, scan.id);
    const before = previous === null ? [] : await brokenUnsuppressedFindings(ctx.store, previous.id);
    const urls = [...new Set([...current, ...before].map((f) => f.url))];
    const diff = diffScans(
      { startedAt: previous?.startedAt ?? previous?.createdAt ?? scan.createdAt, findings: before },
      { startedAt: scan.startedAt ?? scan.createdAt, findings: current },
      { history: await ctx.store.urlHistory(site.id, urls, HISTORY_WINDOW) },
    );
    const counts = { new: 0, fixed: 0, still_broken: 0 };
    for (const entry of diff) counts[entry.change] += 1;
    const data = diff.map((d) => ({ url: d.url, change: d.change, firstSeenAt: d.firstSeenAt, previous: findingBrief(d.previous), current: findingBrief(d.current) }));
    return { scanId: scan.id, againstId: previous?.id ?? null, counts, data };
  });

  for (const format of EXPORT_FORMATS) {
    app.get(`${V2}/scans/:id/export.${format}`, async (request, reply) => {
      const user = await authenticate(ctx, request);
      const { site, scan } = await ctx.sites.ownedScan(user, pathId(request.params));
      if (scan.status === 'running' || scan.status === 'queued') throw new ServerError('SCAN_ALREADY_RUNNING', 'This scan is still running; export it once it has finished');
      if (scan.summary === null) throw notFound('This scan recorded no report to export');
      const body = renderReport(await ctx.store.getReport(scan.id), format);
      return reply
        .type(EXPORT_TYPES[format])
        .header('content-disposition', `attachment; filename="${exportName(site.url, scan, format)}"`)
        .header('cache-control', 'private, no-store')
        .send(body);
    });
  }
}

/** Host and scan date, ASCII only, so the header needs no RFC 5987 encoding. */
function exportName(siteUrl: string, scan: Scan, format: ExportFormat): string {
  const host = new URL(siteUrl).host.replace(/[^A-Za-z0-9.-]/g, '-');
  const day = (scan.startedAt ?? scan.createdAt).slice(0, 10);
  return `dislike404-${host}-${day}-${scan.id.slice(0, 8)}.${format}`;
}
