import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readChannels, withChannels, type AlertChannel } from '../../notify/alert-channel.js';
import { verifyUnsubscribeToken, type UnsubscribeClaim } from '../../notify/unsubscribe-token.js';
import type { AppContext } from '../app-context.js';
import { html, page, type RawHtml } from '../html.js';
import { sendPage } from './account-routes.js';

declare module '../app.js' {
  interface AppOptions {
    /**
     * HMAC key the alert emails signed their unsubscribe links with (DISLIKE404_UNSUBSCRIBE_SECRET,
     * see notify-settings); without it the route answers that unsubscribe links are not enabled.
     * Declared here, beside the only route that reads it.
     */
    unsubscribeSecret?: string | null;
  }
}

type Outcome = { status: number; title: string; body: RawHtml };

/**
 * `/unsubscribe?token=…`, the link in every alert email: public, because the recipient may have no
 * account; the signed token is the only proof needed. GET acts at once because the issue asks for
 * a link that works in one click; a mail scanner that prefetches it can only unsubscribe the
 * address the mail was sent to, and the removal is idempotent. POST does the same for mail clients
 * that use one-click List-Unsubscribe (RFC 8058).
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, ctx: AppContext, options: { unsubscribeSecret?: string | null }): void {
  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const outcome = await unsubscribe(ctx, options.unsubscribeSecret ?? null, tokenOf(request.query));
    // The URL carries the token: keep it out of Referer headers if the page links anywhere.
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, outcome.status, page(outcome.title, outcome.body));
  };
  app.get('/unsubscribe', handle);
  app.post('/unsubscribe', handle);
}

function tokenOf(query: unknown): string | null {
  const token = typeof query === 'object' && query !== null ? (query as Record<string, unknown>).token : undefined;
  return typeof token === 'string' && token !== '' && token.length <= 4096 ? token : null;
}

async function unsubscribe(ctx: AppContext, secret: string | null, token: string | null): Promise<Outcome> {
  if (secret === null) return fail(404, 'Unsubscribe links are not enabled on this server. Ask the site owner to remove your address.');
  if (token === null) return fail(400, 'This unsubscribe link has no token. Use the complete link from the email.');
  const verdict = verifyUnsubscribeToken(secret, token);
  if (!verdict.ok) {
    return fail(400, 'This unsubscribe link is not valid: it may have been cut off or changed. Use the complete link from the most recent alert email.');
  }
  const site = await ctx.store.getSite(verdict.claim.siteId);
  if (site === null) return fail(404, 'The site these alerts were about no longer exists, so no more alerts will be sent for it.');
  const channels = readChannels(site.settings);
  const updated = removeAddress(channels, verdict.claim);
  if (updated !== null) await ctx.store.updateSiteSettings(site.id, withChannels(site.settings, updated));
  return {
    status: 200,
    title: 'Unsubscribed',
    body: html`<p role="status">${verdict.claim.email} will no longer receive link alerts for ${site.url}.</p>`,
  };
}

/**
 * The channels without the claim's address, or null when there is nothing to change (already
 * unsubscribed, or the channel was removed). An email channel left with no recipients is removed,
 * since a channel with no address is invalid.
 */
function removeAddress(channels: AlertChannel[], claim: UnsubscribeClaim): AlertChannel[] | null {
  const target = claim.email.toLowerCase();
  const channel = channels.find((c) => c.id === claim.channelId);
  if (channel?.kind !== 'email' || !channel.to.some((to) => to.toLowerCase() === target)) return null;
  const to = channel.to.filter((t) => t.toLowerCase() !== target);
  return to.length === 0 ? channels.filter((c) => c !== channel) : channels.map((c) => (c === channel ? { ...channel, to } : c));
}

function fail(status: number, message: string): Outcome {
  return { status, title: status === 404 ? 'Nothing to unsubscribe from' : 'Invalid unsubscribe link', body: html`<p role="alert">${message}</p>` };
}
