import { STATUS_CODES } from 'node:http';
import type { Finding, Severity } from '../core/report-types.js';
import type { UrlRecord } from '../crawl/url-record.js';

export interface ClassifyContext {
  records: ReadonlyMap<string, UrlRecord>;
}

const CATEGORY_SEVERITY: Record<Finding['category'], Severity> = {
  broken: 'error',
  redirected: 'warning',
  skipped: 'warning',
  blocked: 'warning',
  ok: 'ok',
};

/** Fills severity, title, reason and advice of a finding from its outcome and context. */
export function classifyFinding(finding: Finding, _context: ClassifyContext): Finding {
  finding.severity = CATEGORY_SEVERITY[finding.category];
  finding.title = finding.error ?? (finding.status !== null ? `${finding.status} ${STATUS_CODES[finding.status] ?? 'Unknown status'}` : 'No response');
  finding.reason = `${finding.internal ? 'Internal' : 'External'} ${finding.kind} is ${finding.category}.`;
  finding.advice = finding.category === 'broken' ? 'Fix the target or update the link.' : '';
  return finding;
}
