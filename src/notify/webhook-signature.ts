import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Dislike404-Timestamp';
export const SIGNATURE_HEADER = 'X-Dislike404-Signature';
/** Receivers should reject deliveries older than this; replays of captured requests then fail. */
export const DEFAULT_TOLERANCE_SEC = 300;

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`; the timestamp is Unix seconds. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export type WebhookVerdict = { ok: true } | { ok: false; code: 'SIGNATURE_MISSING' | 'SIGNATURE_MISMATCH' | 'TIMESTAMP_INVALID' | 'TIMESTAMP_OUT_OF_RANGE' };

/**
 * For receivers: checks the signature over the raw body (not a re-serialised one) in constant
 * time, and that the timestamp is within `toleranceSec` of `now` either way.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string | undefined,
  body: string,
  signature: string | undefined,
  now: Date = new Date(),
  toleranceSec: number = DEFAULT_TOLERANCE_SEC,
): WebhookVerdict {
  if (timestamp === undefined || signature === undefined) return { ok: false, code: 'SIGNATURE_MISSING' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, code: 'TIMESTAMP_INVALID' };
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > toleranceSec) return { ok: false, code: 'TIMESTAMP_OUT_OF_RANGE' };
  const expected = Buffer.from(signWebhook(secret, seconds, body));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, code: 'SIGNATURE_MISMATCH' };
  return { ok: true };
}
