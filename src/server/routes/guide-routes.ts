import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { entryLabel } from '../../classify/knowledge/entry-label.js';
import { lookupKnowledge } from '../../classify/knowledge/knowledge-base.js';
import { ENGINE_OUTCOME_GROUPS, HTTP_STATUS_GROUPS } from '../../classify/knowledge/knowledge-groups.js';
import type { AppContext } from '../app-context.js';
import { page } from '../html.js';
import { notFound } from '../server-error.js';
import { parseInput } from '../validation.js';
import { GUIDE_BASE } from '../views/finding-view.js';
import { guideEntryView, guideIndexView } from '../views/guide-view.js';
import { sendPage } from './account-routes.js';

const codeParams = z.object({ code: z.string().max(64) }).strict();

/** The public status-code guide, linked from every finding; it reveals nothing about any user. */
export function registerGuideRoutes(app: FastifyInstance, ctx: AppContext): void {
  const nav = async (request: Parameters<AppContext['auth']['session']>[0]) => {
    const signedIn = await ctx.auth.session(request);
    return signedIn === null ? undefined : { email: signedIn.user.email, csrf: signedIn.session.csrfToken };
  };

  app.get(GUIDE_BASE, async (request, reply) => {
    return sendPage(reply, 200, page('HTTP status codes and link outcomes', guideIndexView([...HTTP_STATUS_GROUPS, ...ENGINE_OUTCOME_GROUPS]), await nav(request)));
  });

  app.get(`${GUIDE_BASE}/:code`, async (request, reply) => {
    const { code } = parseInput(codeParams, request.params, 'params');
    const entry = /^[A-Za-z0-9_ -]+$/.test(code) ? lookupKnowledge(code) : null;
    if (entry === null) throw notFound(`No guide for ${code}`);
    return sendPage(reply, 200, page(entryLabel(entry), guideEntryView(entry), await nav(request)));
  });
}
