import type { CheckResult } from '../core/types.js';

/**
 * Answers that come from an anti-bot layer rather than from the page: a browser would likely see
 * the page, so calling the link broken would be wrong. Judged from the status and headers only
 * (bodies of failed HEAD/GET checks are not read), using the markers the big vendors set.
 */
export function isBotProtection(result: CheckResult, headers: Readonly<Record<string, string>>, retriesAllowed: number): boolean {
  const status = result.status;
  if (status === 999) return true; // LinkedIn and a few others answer bots with 999.
  if (status === null || result.error !== null) return false;
  if (status === 429) return retriesAllowed > 0 && result.retries >= retriesAllowed; // never cleared
  if (status !== 403 && status !== 503 && status !== 401 && status !== 405) return false;
  if (headers['cf-mitigated'] === 'challenge') return true; // Cloudflare managed challenge
  if (status === 403 || status === 503) {
    const server = (headers.server ?? '').toLowerCase();
    if (server === 'cloudflare' && (headers['cf-chl-bypass'] !== undefined || headers['cf-ray'] !== undefined) && status === 503) return true;
    if ('x-datadome' in headers || 'x-dd-b' in headers) return true; // DataDome
    if ('x-sucuri-block' in headers) return true;
    if ((headers['x-amzn-waf-action'] ?? '').match(/captcha|challenge|block/i)) return true;
    if (server.startsWith('akamaighost') && status === 403) return true;
    if ('x-px-block' in headers || (headers['set-cookie'] ?? '').includes('_px')) return true; // PerimeterX/HUMAN
    if (server.includes('ddos-guard')) return true;
  }
  return false;
}
