import { createHash } from 'node:crypto';
import { HttpClient } from '../http/http-client.js';
import { DEFAULT_USER_AGENT } from '../crawl/scan-options.js';

export const VERIFICATION_FILE = '/dislike404-verification.txt';
export const VERIFICATION_QUERY = '/?dislike404_verify=1';

/** The lowercase host without a leading `www.`: one code covers both spellings of a site. */
export function verificationDomain(siteUrl: string): string {
  return new URL(siteUrl).hostname.toLowerCase().replace(/^www\./, '');
}

/** sha256(domain + "|" + site uuid), lowercase hex: what the WordPress plugin and the UI show. */
export function verificationCode(siteUrl: string, siteId: string): string {
  return createHash('sha256').update(`${verificationDomain(siteUrl)}|${siteId}`).digest('hex');
}

export type VerificationOutcome = { verified: true; method: 'file' | 'query' } | { verified: false; message: string };

/**
 * Fetches both places the code may be and compares. The fetch goes through the engine's HTTP
 * client so the private-network guard applies: a user must not point us at internal services.
 */
export async function checkVerification(siteUrl: string, siteId: string, options: { allowPrivateNetworks: boolean }): Promise<VerificationOutcome> {
  const code = verificationCode(siteUrl, siteId);
  const origin = new URL(siteUrl).origin;
  const client = new HttpClient({
    userAgent: DEFAULT_USER_AGENT,
    timeoutMs: 10_000,
    connectTimeoutMs: 5_000,
    retries: 0,
    maxRetryAfterMs: 0,
    insecure: false,
    maxRedirects: 5,
    maxBodyBytes: 64 * 1024,
    maxUrlLength: 2048,
    allowPrivateNetworks: options.allowPrivateNetworks,
  });
  const found: string[] = [];
  try {
    for (const [method, path] of [['file', VERIFICATION_FILE], ['query', VERIFICATION_QUERY]] as const) {
      const { result, body } = await client.fetch({ url: origin + path, mode: 'get', readBody: true });
      const text = body?.toString('utf8') ?? '';
      if (result.status !== null && result.status >= 200 && result.status < 300 && containsCode(text, code)) return { verified: true, method };
      found.push(`${path} answered ${describe(result.status, result.error, text)}`);
    }
  } finally {
    await client.close();
  }
  return { verified: false, message: `Verification code not found: ${found.join('; ')}. Expected the code ${code}.` };
}

// The query variant is usually a WordPress page, so the code may sit inside markup.
function containsCode(text: string, code: string): boolean {
  return text.trim().toLowerCase() === code || new RegExp(`(^|[^0-9a-f])${code}([^0-9a-f]|$)`, 'i').test(text);
}

function describe(status: number | null, error: string | null, text: string): string {
  if (status === null) return `no HTTP response (${error ?? 'unknown error'})`;
  if (status < 200 || status >= 300) return `HTTP ${status}`;
  const sample = text.trim().slice(0, 80).replace(/\s+/g, ' ');
  return sample === '' ? `HTTP ${status} with an empty body` : `HTTP ${status} with a different text ("${sample}")`;
}
