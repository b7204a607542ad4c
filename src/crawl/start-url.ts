import { ScanOptionsError } from './scan-options-error.js';

/**
 * The start URL as a user types it: `example.com` and `example.com/blog` mean https. Anything
 * that still isn't an absolute http(s) URL is a usage error with a message saying why.
 */
export function parseStartUrl(input: string): URL {
  const trimmed = input.trim();
  if (trimmed === '') throw new ScanOptionsError('no start URL given');
  const schemeMatch = /^([^/?#]*):\/\//.exec(trimmed);
  if (schemeMatch && !/^[a-z][a-z0-9+.-]*$/i.test(schemeMatch[1] ?? '')) {
    throw new ScanOptionsError(`"${input}" is not a valid URL (bad scheme "${schemeMatch[1]}")`);
  }
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[^:/]+:\d+(\/|$)/.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw new ScanOptionsError(`"${input}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ScanOptionsError(`"${input}" is not an http(s) URL (scheme ${url.protocol.slice(0, -1)} cannot be scanned)`);
  }
  if (url.hostname === '') throw new ScanOptionsError(`"${input}" has no host name`);
  url.hash = '';
  return url;
}
