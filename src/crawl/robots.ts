import { createRequire } from 'node:module';
import type { ErrorCode } from '../core/error-codes.js';
import type { FetchText, FetchTextResult } from './fetch-text.js';

// robots-parser is CommonJS (`module.exports = fn`) but its typings declare `export default`, which
// NodeNext resolves to a `.default` property that does not exist at runtime. require() gets the function.
const robotsParser = createRequire(import.meta.url)('robots-parser') as typeof import('robots-parser').default;

/** What the crawler may fetch on one origin, per that origin's robots.txt (RFC 9309). */
export interface RobotsPolicy {
  /** URLs on other origins: true (a policy covers one origin); the robots.txt URL itself: true. */
  isAllowed(url: string): boolean;
  /** From the group that applies; the largest value when several merged groups set one. */
  crawlDelaySeconds: number | null;
  /** Absolute http(s) `Sitemap:` URLs from anywhere in the file, deduplicated, in file order. */
  sitemaps: string[];
  source: 'file' | 'missing' | 'unreachable' | 'ignored';
  status: number | null;
  error: ErrorCode | null;
}

/** RFC 9309 §2.5: crawlers must parse at least 500 KiB; anything past that we ignore. */
export const MAX_ROBOTS_BYTES = 500 * 1024;

/** RFC 9309 §2.3.1.2 lets a crawler treat robots.txt behind a broken redirect chain as unavailable. */
const REDIRECT_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'REDIRECT_LOOP',
  'TOO_MANY_REDIRECTS',
  'REDIRECT_INVALID',
]);

interface Rule {
  allow: boolean;
  pattern: string;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelays: number[];
}

export function allowAllRobots(source: 'ignored' | 'missing'): RobotsPolicy {
  return { isAllowed: () => true, crawlDelaySeconds: null, sitemaps: [], source, status: null, error: null };
}

export function parseRobots(robotsUrl: string, text: string, userAgentToken: string): RobotsPolicy {
  const origin = httpOrigin(robotsUrl);
  if (origin === null) return unreachable(null, 'INVALID_URL', null);

  const { groups, sitemaps } = parseGroups(text, robotsUrl);
  const own = productToken(userAgentToken);
  // An empty token would match every unparseable User-agent line, so it only ever gets `*`.
  let applicable = own === '' ? [] : groups.filter((group) => group.agents.includes(own));
  if (applicable.length === 0) applicable = groups.filter((group) => group.agents.includes('*'));

  const rules = applicable.flatMap((group) => group.rules);
  const delays = applicable.flatMap((group) => group.crawlDelays);
  // robots-parser does the matching (Google's wildcard algorithm, longest match, Allow wins ties). It gets
  // only the chosen group under `*`, because its own parsing misses tokens followed by more text
  // (`Dislike404Bot (+https://…)`), splits a group at a Sitemap line between User-agent lines and
  // compares `%7E` and `~` as different, and its Crawl-delay accepts junk such as `0x10` or ``.
  const synthetic = ['User-agent: *', ...rules.map((rule) => `${rule.allow ? 'Allow' : 'Disallow'}: ${rule.pattern}`)];
  const matcher = robotsParser(`${origin}/robots.txt`, synthetic.join('\n'));

  // No Disallow with a pattern means nothing is disallowed: skip matching on every URL of the crawl.
  const allowsEverything = !rules.some((rule) => !rule.allow && rule.pattern !== '');
  return {
    isAllowed(url: string): boolean {
      if (allowsEverything) return true;
      const target = sameOriginTarget(url, origin);
      if (target === null) return true;
      return matcher.isAllowed(origin + canonicalizePath(target.pathname + target.search)) !== false;
    },
    // The most polite reading when several groups for our agent disagree.
    crawlDelaySeconds: delays.reduce<number | null>((max, delay) => (max === null || delay > max ? delay : max), null),
    sitemaps,
    source: 'file',
    status: null,
    error: null,
  };
}

/** Fetches `<origin>/robots.txt` and turns every outcome into a policy; never throws. */
export async function loadRobots(origin: string, userAgentToken: string, fetchText: FetchText): Promise<RobotsPolicy> {
  const base = httpOrigin(origin);
  if (base === null) return unreachable(null, 'INVALID_URL', null);
  const robotsUrl = `${base}/robots.txt`;

  let response: FetchTextResult;
  try {
    response = await fetchText(robotsUrl);
  } catch {
    // The engine's fetchText reports failures as values; a throw still means we got no answer.
    return unreachable(null, 'CONNECTION_FAILED', base);
  }
  const { status, error, body } = response;

  if (status !== null && status >= 200 && status < 300) {
    if (body === null && error !== null) return unreachable(status, error, base);
    // Parsed against the origin we asked about, not finalUrl: a redirected robots.txt still governs
    // the origin that served the redirect (RFC 9309 §2.3.1.2).
    const policy = parseRobots(robotsUrl, decodeRobotsBody(body ?? Buffer.alloc(0)), userAgentToken);
    return { ...policy, status, error };
  }
  // Google treats 429 as a server error: "slow down" must not turn into "crawl everything".
  if (status === 429) return unreachable(status, error, base);
  if (status !== null && status >= 400 && status < 500) return { ...allowAllRobots('missing'), status, error };
  if ((status !== null && status >= 300 && status < 400) || (error !== null && REDIRECT_ERRORS.has(error))) {
    return { ...allowAllRobots('missing'), status, error };
  }
  return unreachable(status, error ?? (status === null ? 'CONNECTION_FAILED' : null), base);
}

/** Disallow everything on `origin` (null: on every origin) except robots.txt itself. */
function unreachable(status: number | null, error: ErrorCode | null, origin: string | null): RobotsPolicy {
  return {
    isAllowed: (url) => origin !== null && sameOriginTarget(url, origin) === null,
    crawlDelaySeconds: null,
    sitemaps: [],
    source: 'unreachable',
    status,
    error,
  };
}

/** The URL when robots rules apply to it: same origin and not robots.txt itself; otherwise null. */
function sameOriginTarget(url: string, origin: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not fetchable at all; that is reported elsewhere as INVALID_URL, not as a robots block.
    return null;
  }
  if (parsed.origin !== origin || parsed.pathname === '/robots.txt') return null;
  return parsed;
}

function httpOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

function decodeRobotsBody(body: Buffer): string {
  let bytes = body;
  if (bytes.length > MAX_ROBOTS_BYTES) {
    bytes = bytes.subarray(0, MAX_ROBOTS_BYTES);
    // A rule cut mid-line could change meaning (`Allow: /a` from `Allow: /abc`), so drop the partial line.
    const lastNewline = bytes.lastIndexOf(0x0a);
    if (lastNewline >= 0) bytes = bytes.subarray(0, lastNewline);
  }
  return new TextDecoder('utf-8').decode(bytes);
}

function parseGroups(text: string, robotsUrl: string): { groups: Group[]; sitemaps: string[] } {
  const groups: Group[] = [];
  const sitemaps = new Set<string>();
  let current: Group | null = null;
  let collectingAgents = false;

  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*/, '');
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();

    switch (key) {
      case 'user-agent':
        // Consecutive user-agent lines share one group; the first line after a rule starts a new one.
        if (current === null || !collectingAgents) {
          current = { agents: [], rules: [], crawlDelays: [] };
          groups.push(current);
        }
        current.agents.push(productToken(value));
        collectingAgents = true;
        break;
      case 'allow':
      case 'disallow':
        // An empty path matches nothing, so it is dropped; the group still counts as present.
        if (current !== null && value !== '') {
          current.rules.push({ allow: key === 'allow', pattern: canonicalizePath(value) });
        }
        collectingAgents = false;
        break;
      case 'crawl-delay': {
        const delay = parseCrawlDelay(value);
        if (current !== null && delay !== null) current.crawlDelays.push(delay);
        collectingAgents = false;
        break;
      }
      case 'sitemap': {
        const sitemap = value === '' ? null : absoluteHttpUrl(value, robotsUrl);
        if (sitemap !== null) sitemaps.add(sitemap);
        break;
      }
      default:
        break;
    }
  }
  return { groups, sitemaps: [...sitemaps] };
}

/**
 * RFC 9309 matches the product token case-insensitively, so `Dislike404Bot/1.0` and
 * `dislike404bot (+https://…)` both name us. Digits are allowed, unlike in the RFC grammar, because
 * our own token has them.
 */
function productToken(value: string): string {
  if (/^\*(\s|$)/.test(value)) return '*';
  return /^[A-Za-z0-9_-]+/.exec(value)?.[0].toLowerCase() ?? '';
}

function parseCrawlDelay(value: string): number | null {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value)) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? seconds : null;
}

function absoluteHttpUrl(value: string, base: string): string | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Characters left literal: what `encodeURI` leaves alone, minus `#` and `'` (see canonicalizePath). */
const LITERAL = /^[A-Za-z0-9\-._~!$&()*+,;=:@/?]$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * One spelling for rule paths and URL paths so that equal paths match (RFC 9309 §2.2.2): escapes of
 * unreserved characters are decoded (`%7E` = `~`), reserved ones stay escaped (`%2F` ≠ `/`), hex is upper
 * case, and everything else is UTF-8 percent-encoded. `'` is encoded because the WHATWG parser encodes
 * it in queries, and the output must survive the re-parse robots-parser does on URLs unchanged.
 */
function canonicalizePath(path: string): string {
  let out = '';
  const chars = [...path];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i] ?? '';
    if (char === '%') {
      const hex = (chars[i + 1] ?? '') + (chars[i + 2] ?? '');
      if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
        const decoded = String.fromCharCode(parseInt(hex, 16));
        out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
        i += 2;
        continue;
      }
      out += '%25';
    } else if (LITERAL.test(char)) {
      out += char;
    } else {
      for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}
