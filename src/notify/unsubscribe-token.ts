import { createHmac, timingSafeEqual } from 'node:crypto';

/** Who stops receiving what: one address of one email channel of one site. */
export interface UnsubscribeClaim {
  siteId: string;
  channelId: string;
  email: string;
}

export type UnsubscribeVerdict = { ok: true; claim: UnsubscribeClaim } | { ok: false; code: 'TOKEN_MALFORMED' | 'TOKEN_BAD_SIGNATURE' };

/**
 * A token for an unsubscribe link that works without logging in: the claim in base64url, a dot,
 * and an HMAC-SHA256 of that text under the operator's secret. It does not expire, because an
 * old email's unsubscribe link must keep working. The web app's route (not yet built) verifies it
 * with `verifyUnsubscribeToken` and then removes the address from the channel.
 */
export function createUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(JSON.stringify({ s: claim.siteId, c: claim.channelId, e: claim.email })).toString('base64url');
  return `${payload}.${sign(secret, payload)}`;
}

export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeVerdict {
  const [payload, signature, extra] = token.split('.');
  if (payload === undefined || signature === undefined || extra !== undefined || payload === '') return { ok: false, code: 'TOKEN_MALFORMED' };
  const expected = Buffer.from(sign(secret, payload), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: 'TOKEN_BAD_SIGNATURE' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, code: 'TOKEN_MALFORMED' };
  }
  const p = parsed as Record<string, unknown>;
  if (typeof p.s !== 'string' || typeof p.c !== 'string' || typeof p.e !== 'string') return { ok: false, code: 'TOKEN_MALFORMED' };
  return { ok: true, claim: { siteId: p.s, channelId: p.c, email: p.e } };
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`dislike404-unsubscribe.${payload}`).digest('base64url');
}
