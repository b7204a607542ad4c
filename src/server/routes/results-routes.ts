import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { SEVERITIES } from '../../core/report-types.js';
import type { Finding, Severity } from '../../core/report-types.js';
import { compileBlacklist } from '../../store/blacklist-matcher.js';
import type { FindingQuery, FindingsPage, Scan, Store } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import { CONTENT_SECURITY_POLICY, html, page, type RawHtml } from '../html.js';
import { previousCompletedScan } from '../scan-comparison.js';
import { parseInput } from '../validation.js';
import type { FindingExtras } from '../views/finding-view.js';
import { liveProgressPanel, livePageCsp } from '../views/live-progress-view.js';
import { ACTIONS_STYLE, coverageTag, findingActions, resultsNotice, type ResultsActionContext } from '../views/results-actions-view.js';
import { filterForm, findingList, pager, RESULTS_STYLE, scanSummary } from '../views/results-view.js';
import { sendPage } from './account-routes.js';
import { isLive, liveNumbers, ownedSiteScan } from './live-routes.js';
import { findingFilters, PAGE_SIZE, resultsPageQuerySchema, splitNotice, withQuery, type ResultsQuery } from './results-query.js';
import { when } from '../views/dashboard-view.js';

const aliasParams = z.object({ url_uuid: z.string().max(64), run_uuid: z.string().max(64) }).strict();
/** Enough places to act on; the total is shown and the export has them all. */
const OCCURRENCES_SHOWN = 20;

/** A scan's findings, filtered, sorted and paginated on the server, with live progress while it runs. */
export function registerResultsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const livePages = new WeakSet<object>();
  // A route hook runs after the app's onSend, which sets the default policy on every reply.
  const widenPolicy = async (_request: unknown, reply: FastifyReply): Promise<void> => {
    if (livePages.has(reply)) reply.header('content-security-policy', livePageCsp(CONTENT_SECURITY_POLICY));
  };
  app.get('/sites/:id/scans/:scanId', { onSend: widenPolicy }, async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const { site, scan } = await ownedSiteScan(ctx, request.params, signedIn.user);
    const { query, notice } = splitNotice(parseInput(resultsPageQuerySchema, request.query, 'query'));
    const action = `/sites/${site.id}/scans/${scan.id}`;
    const offset = ((query.page ?? 1) - 1) * PAGE_SIZE;
    const grouped = (query.sort ?? 'severity') === 'severity';
    const previous = query.new === '1' ? await previousCompletedScan(ctx.store, scan) : null;
    const filters = { ...findingFilters(query), ...(previous === null ? {} : { notInScan: previous.id }) };
    const [results, rules]: [ResultsPage, Awaited<ReturnType<Store['listBlacklistRules']>>] = await Promise.all([
      grouped ? groupedPage(ctx.store, scan.id, query, filters, offset) : sortedPage(ctx.store, scan.id, query, filters, offset),
      ctx.store.listBlacklistRules(site.id),
    ]);
    const live = isLive(ctx, site, scan);
    // Only this page runs a script, so only it widens the policy, and only by our own origin.
    if (live) livePages.add(reply);
    const actions: ResultsActionContext = { base: action, filters: withQuery(query, {}), csrf: signedIn.session.csrfToken };
    const matcher = compileBlacklist(rules);
    const noticeRule = notice !== null && notice.kind !== 'undone' ? (rules.find((r) => r.id === notice.ruleId) ?? null) : null;
    const extras = (finding: Finding): FindingExtras => {
      // Like the scan's own judgement: a rule never suppresses an `ok` finding.
      const rule = finding.severity === 'ok' ? null : matcher.match(finding);
      const coverage = rule === null ? null : { rule, appliedToThisScan: finding.suppressedBy !== null };
      return { tag: coverageTag(coverage), actions: findingActions(finding, coverage, actions) };
    };
    const body = html`${RESULTS_STYLE}${ACTIONS_STYLE}<p><a href="/sites/${site.id}">${site.name}</a> · scan of ${when(scan.startedAt ?? scan.createdAt)}${scan.summary === null ? '' : html` · <a href="${action}/diff">Changes since the previous scan</a>`}</p>
${resultsNotice(notice, noticeRule, actions)}
${live ? liveProgressPanel(site.id, scan.id, liveNumbers(ctx, site, scan)) : scanSummary(scan)}
${filterForm(action, query)}
${query.new === '1' ? newSinceNote(previous) : ''}
${findingList(results.findings, grouped, extras, { ...(results.bySeverity === undefined ? {} : { bySeverity: results.bySeverity }) })}
${pager(action, query, results.total)}`;
    return sendPage(reply, 200, page(`Results: ${site.name}`, body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  });

  // The WordPress plugin links each run here; same checks, one canonical page.
  app.get('/scan-details/:url_uuid/:run_uuid', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const params = parseInput(aliasParams, request.params, 'params');
    const { site, scan } = await ownedSiteScan(ctx, { id: params.url_uuid, scanId: params.run_uuid }, signedIn.user);
    return reply.redirect(`/sites/${site.id}/scans/${scan.id}`, 302);
  });
}

function newSinceNote(previous: Scan | null): RawHtml {
  return previous === null
    ? html`<p>No earlier completed scan of this site to compare with: every finding is new.</p>`
    : html`<p>Showing findings that were not findings in the previous completed scan (${previous.startedAt ?? previous.createdAt}).</p>`;
}

type Filters = Omit<FindingQuery, 'limit'>;

async function sortedPage(store: Store, scanId: string, query: ResultsQuery, filters: Filters, offset: number): Promise<FindingsPage> {
  const sort = query.sort ?? 'url';
  return store.getFindings(scanId, {
    ...filters,
    sort: sort === 'severity' ? 'report' : sort,
    ...(query.dir === undefined ? {} : { descending: query.dir === 'desc' }),
    limit: PAGE_SIZE,
    offset,
    occurrenceLimit: OCCURRENCES_SHOWN,
  });
}

/**
 * Severity then status across pages: one store query per severity, each sorted by status, with
 * the page's window carried from one to the next. At most four queries whatever the scan's size.
 */
/** A page of findings; grouped pages also know how many match per severity (for the headings). */
type ResultsPage = FindingsPage & { bySeverity?: Partial<Record<Severity, number>> };

async function groupedPage(store: Store, scanId: string, query: ResultsQuery, filters: Filters, offset: number): Promise<ResultsPage> {
  const order = query.dir === 'desc' ? [...SEVERITIES].reverse() : SEVERITIES;
  const severities = query.severity === undefined ? order : [query.severity];
  let skip = offset;
  let total = 0;
  const findings: FindingsPage['findings'] = [];
  const bySeverity: Partial<Record<Severity, number>> = {};
  for (const severity of severities) {
    const request: FindingQuery = { ...filters, severity, sort: 'status', limit: PAGE_SIZE - findings.length, offset: skip, occurrenceLimit: OCCURRENCES_SHOWN };
    const part = await store.getFindings(scanId, request);
    bySeverity[severity] = part.total;
    total += part.total;
    findings.push(...part.findings);
    skip = Math.max(0, skip - part.total);
  }
  return { total, findings, bySeverity };
}

