import { SKIP_CODES } from '../core/error-codes.js';
import type { FindingCategory } from '../core/report-types.js';
import type { CheckResult } from '../core/types.js';

/** What happened to a URL, before any judgement of how much it matters. */
export function categorize(result: Pick<CheckResult, 'status' | 'error' | 'redirects'>): FindingCategory {
  const { error, status } = result;
  if (error !== null) {
    if (SKIP_CODES.has(error) || error === 'BODY_TOO_LARGE') return 'skipped';
    if (error === 'BOT_PROTECTION' || error === 'BLOCKED_PRIVATE_ADDRESS') return 'blocked';
    return 'broken';
  }
  if (status === null || status >= 400) return 'broken';
  if (result.redirects.length > 0) return 'redirected';
  return 'ok';
}
