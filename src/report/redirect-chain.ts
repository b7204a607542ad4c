import type { Finding } from '../core/report-types.js';

const REDIRECT_ERRORS = new Set(['REDIRECT_LOOP', 'TOO_MANY_REDIRECTS', 'REDIRECT_INVALID']);

/**
 * `301 → https://b/ → 302 → https://c/ → 200`, or null without redirects. Ends with the engine code
 * when the chain itself is the problem, since the last status would only repeat a 3xx.
 */
export function formatRedirectChain(finding: Finding): string | null {
  if (finding.redirects.length === 0) return null;
  const steps = finding.redirects.flatMap((hop) => [String(hop.status), hop.location ?? '(no Location header)']);
  const chainError = finding.error !== null && REDIRECT_ERRORS.has(finding.error);
  const end = chainError ? finding.error : (finding.status ?? finding.error);
  if (end !== null) steps.push(String(end));
  return steps.join(' → ');
}
