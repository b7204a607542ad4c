import type { ErrorCode } from '../core/error-codes.js';

export type RedirectDecision =
  | { kind: 'follow'; next: URL; location: string }
  | { kind: 'stop'; code: ErrorCode; detail: string; location: string | null };

export interface RedirectLimits {
  maxRedirects: number;
  maxUrlLength: number;
}

/** 300 is only a redirect when the server names a target; 304/305/306 never are for us. */
export function isRedirect(status: number, location: string | undefined): boolean {
  switch (status) {
    case 301:
    case 302:
    case 303:
    case 307:
    case 308:
      return true;
    case 300:
      return location !== undefined;
    default:
      return false;
  }
}

const NON_ASCII = /[\u0080-\u00ff]/;

/**
 * undici hands header values over as latin1, but servers put UTF-8 in Location and browsers read it
 * as UTF-8; re-decode when the bytes form valid UTF-8, otherwise keep them as sent.
 */
function decodeLocation(raw: string): string {
  if (!NON_ASCII.test(raw)) return raw;
  const decoded = Buffer.from(raw, 'latin1').toString('utf8');
  return decoded.includes('\ufffd') ? raw : decoded;
}

/**
 * Decides what one redirect response means for the chain. `visited` holds the fragment-less hrefs
 * requested so far; `hopsFollowed` the redirects already followed before this one.
 */
export function decideRedirect(
  current: URL,
  location: string | undefined,
  visited: ReadonlySet<string>,
  hopsFollowed: number,
  limits: RedirectLimits,
): RedirectDecision {
  const trimmed = location?.trim() ?? '';
  if (trimmed === '') {
    return { kind: 'stop', code: 'REDIRECT_INVALID', detail: 'redirect without a Location header', location: null };
  }
  let next: URL;
  try {
    next = new URL(decodeLocation(trimmed), current);
  } catch {
    return { kind: 'stop', code: 'REDIRECT_INVALID', detail: `unparsable Location: ${trimmed.slice(0, 200)}`, location: null };
  }
  const target = next.href;
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return { kind: 'stop', code: 'UNSUPPORTED_SCHEME', detail: `redirect to ${next.protocol} URL`, location: target };
  }
  // The fragment never reaches the server, so it neither makes a new URL nor breaks a loop.
  next.hash = '';
  if (visited.has(next.href)) {
    return { kind: 'stop', code: 'REDIRECT_LOOP', detail: `redirect back to ${next.href}`, location: target };
  }
  if (hopsFollowed >= limits.maxRedirects) {
    return {
      kind: 'stop',
      code: 'TOO_MANY_REDIRECTS',
      detail: `more than ${limits.maxRedirects} redirects`,
      location: target,
    };
  }
  if (next.href.length > limits.maxUrlLength) {
    return {
      kind: 'stop',
      code: 'URL_TOO_LONG',
      detail: `redirect target is ${next.href.length} characters, limit ${limits.maxUrlLength}`,
      location: target,
    };
  }
  return { kind: 'follow', next, location: target };
}
