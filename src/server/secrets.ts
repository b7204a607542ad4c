import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A secret for a cookie, URL or API token: 256 bits, URL-safe. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * Tokens are already 256 random bits, so a fast unsalted hash is enough to make a stolen
 * database useless without letting lookups cost an scrypt each.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time comparison for strings of any length (lengths themselves are not secret here). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
