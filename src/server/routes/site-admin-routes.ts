import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readChannels } from '../../notify/alert-channel.js';
import { validateBlacklistRule, type BlacklistRuleInput } from '../../store/blacklist-rule.js';
import type { Site, Store } from '../../store/store.js';
import type { AppContext } from '../app-context.js';
import type { AppOptions } from '../app.js';
import { page, type RawHtml } from '../html.js';
import { notFound } from '../server-error.js';
import { parseInput } from '../validation.js';
import { blacklistView, EMPTY_RULE_FORM, type BlacklistPageModel, type RuleForm, type RuleFormErrors, type SuppressionCounts } from '../views/blacklist-view.js';
import { deleteRefusedView, deleteSiteView } from '../views/delete-site-view.js';
import { sendPage } from './account-routes.js';
import { blacklistBody } from './api-v2-schemas.js';

const idParams = z.object({ id: z.string().max(64) }).strict();
const ruleParams = z.object({ id: z.string().max(64), ruleId: z.string().max(64) }).strict();
const csrfOnly = z.object({ _csrf: z.string().max(128).optional() }).strict();
const blacklistQuery = z.object({ added: z.literal('1').optional(), removed: z.literal('1').optional() }).strict();
/** The form's shape only; its values are judged by the API's schema and the store's validator below. */
const ruleForm = z
  .object({
    kind: z.string().max(20).default(''),
    pattern: z.string().max(8192).default(''),
    scope: z.string().max(20).default('any'),
    note: z.string().max(4000).default(''),
    _csrf: z.string().max(128).optional(),
  })
  .strict();

/** At most this many suppressed findings are read to count them per rule; past it the page says "many". */
export const SUPPRESSED_COUNT_CAP = 10_000;
const COUNT_PAGE = 1000;
/** Scans listed to count them on the delete page. */
const SCAN_COUNT_CAP = 1000;
/** Finished scans are usually the newest; looking this far back finds one behind a few failed ones. */
const RECENT_SCANS = 20;

/** The site's blacklist page and deleting a site from the web app. */
export function registerSiteAdminRoutes(app: FastifyInstance, ctx: AppContext, _options: AppOptions): void {
  app.get('/sites/:id/blacklist', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    const query = parseInput(blacklistQuery, request.query, 'query');
    const notice = query.added !== undefined ? 'added' : query.removed !== undefined ? 'removed' : null;
    const body = await blacklistPage(ctx.store, site, signedIn.session.csrfToken, { notice });
    return sendPage(reply, 200, page(`Blacklist: ${site.name}`, body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  });

  app.post('/sites/:id/blacklist', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    const posted = parseInput(ruleForm, request.body, 'body');
    ctx.auth.checkCsrf(request, posted._csrf, signedIn);
    const form: RuleForm = { kind: posted.kind, pattern: posted.pattern, scope: posted.scope, note: posted.note };
    const checked = checkRule(form, signedIn.user.email);
    if (!checked.ok) {
      const body = await blacklistPage(ctx.store, site, signedIn.session.csrfToken, { form, errors: checked.errors });
      return sendPage(reply, 422, page(`Blacklist: ${site.name}`, body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
    }
    await ctx.store.addBlacklistRule(site.id, checked.input);
    return reply.redirect(`/sites/${site.id}/blacklist?added=1`, 303);
  });

  app.post('/sites/:id/blacklist/:ruleId/remove', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const params = parseInput(ruleParams, request.params, 'params');
    const site = await ctx.sites.ownedSite(signedIn.user, params.id);
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    // A rule id is only meaningful under its own site: one from another site is as missing as a made-up one.
    const rules = await ctx.store.listBlacklistRules(site.id);
    if (!rules.some((rule) => rule.id === params.ruleId)) throw notFound('No such blacklist rule');
    await ctx.store.removeBlacklistRule(params.ruleId);
    return reply.redirect(`/sites/${site.id}/blacklist?removed=1`, 303);
  });

  app.get('/sites/:id/delete', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    const [scans, rules] = await Promise.all([ctx.store.listScans(site.id, { limit: SCAN_COUNT_CAP + 1 }), ctx.store.listBlacklistRules(site.id)]);
    const body = deleteSiteView({
      site,
      csrf: signedIn.session.csrfToken,
      scans: Math.min(scans.length, SCAN_COUNT_CAP),
      moreScans: scans.length > SCAN_COUNT_CAP,
      rules: rules.length,
      channels: readChannels(site.settings).length,
      running: ctx.runner.isRunning(site.id),
    });
    return sendPage(reply, 200, page(`Delete ${site.name}?`, body, { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
  });

  app.post('/sites/:id/delete', async (request, reply) => {
    const signedIn = await ctx.auth.requireSession(request);
    const site = await ctx.sites.ownedSite(signedIn.user, parseInput(idParams, request.params, 'params').id);
    ctx.auth.checkCsrf(request, parseInput(csrfOnly, request.body, 'body')._csrf, signedIn);
    // Deleting under a running scan would leave it writing results for a site that no longer exists.
    if (ctx.runner.isRunning(site.id)) {
      return sendPage(reply, 409, page(`${site.name} was not deleted`, deleteRefusedView(site), { email: signedIn.user.email, csrf: signedIn.session.csrfToken }));
    }
    await ctx.store.removeSite(site.id);
    return reply.redirect('/', 303);
  });
}

type CheckedRule = { ok: true; input: BlacklistRuleInput } | { ok: false; errors: RuleFormErrors };

/** The API's body schema, then the store's validator (which compiles regexes and globs), each error on its field. */
function checkRule(form: RuleForm, author: string): CheckedRule {
  const parsed = blacklistBody.safeParse({ kind: form.kind, pattern: form.pattern, scope: form.scope, ...(form.note.trim() === '' ? {} : { note: form.note.trim() }) });
  if (!parsed.success) {
    const errors: RuleFormErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === 'kind' || field === 'pattern' || field === 'scope' || field === 'note') && errors[field] === undefined) errors[field] = FIELD_MESSAGE[field](form);
    }
    return { ok: false, errors };
  }
  const input: BlacklistRuleInput = { ...parsed.data, author };
  const validated = validateBlacklistRule(input);
  if (validated.ok) return { ok: true, input };
  const field = validated.field === 'kind' || validated.field === 'scope' ? validated.field : 'pattern';
  return { ok: false, errors: { [field]: validated.message } };
}

const FIELD_MESSAGE: Record<keyof RuleForm, (form: RuleForm) => string> = {
  kind: () => 'Choose exact, prefix, glob or regex.',
  pattern: (form) => (form.pattern.trim() === '' ? 'Enter a pattern: a URL, a path such as /docs/old/, a glob or a regular expression.' : 'Keep the pattern to 2048 characters or fewer.'),
  scope: () => 'Choose any, internal or external links.',
  note: () => 'Keep the note to 500 characters or fewer.',
};

async function blacklistPage(store: Store, site: Site, csrf: string, extra: Partial<BlacklistPageModel>): Promise<RawHtml> {
  const [rules, counts] = await Promise.all([store.listBlacklistRules(site.id), suppressionCounts(store, site.id)]);
  return blacklistView({ site, csrf, rules, counts, form: EMPTY_RULE_FORM, errors: {}, notice: null, ...extra });
}

/**
 * Per rule, the findings of the latest finished scan it suppressed: one pass over at most `cap`
 * suppressed findings, read a page at a time (occurrences cut off), so a huge scan costs a bounded read.
 */
export async function suppressionCounts(store: Store, siteId: string, cap = SUPPRESSED_COUNT_CAP): Promise<SuppressionCounts | null> {
  const scan = (await store.listScans(siteId, { limit: RECENT_SCANS })).find((s) => s.summary !== null);
  if (scan === undefined) return null;
  const byRule = new Map<string, number>();
  let counted = 0;
  let total = 0;
  do {
    const pageOf = await store.getFindings(scan.id, { suppressed: true, limit: Math.min(COUNT_PAGE, cap - counted), offset: counted, occurrenceLimit: 0 });
    total = pageOf.total;
    for (const finding of pageOf.findings) {
      const ruleId = finding.suppressedBy?.ruleId;
      if (ruleId !== undefined) byRule.set(ruleId, (byRule.get(ruleId) ?? 0) + 1);
    }
    counted += pageOf.findings.length;
    if (pageOf.findings.length === 0) break;
  } while (counted < total && counted < cap);
  return { scan, byRule, counted, complete: counted >= total };
}
