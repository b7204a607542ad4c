import type { Finding } from '../core/report-types.js';

/**
 * The URL as users should see it. An INVALID_URL finding carries the raw attribute text, which may be
 * empty or hold spaces; quoting shows exactly what the author wrote.
 */
export function displayUrl(finding: Finding): string {
  return finding.error === 'INVALID_URL' || !URL.canParse(finding.url) ? JSON.stringify(finding.url) : finding.url;
}
