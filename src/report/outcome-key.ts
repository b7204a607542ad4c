import { STATUS_CODES } from 'node:http';
import { outcomeKeyOf } from '../classify/outcome-key.js';
import type { Finding } from '../core/report-types.js';

/**
 * The stable key of what happened to a URL: the engine code when there is one, else `HTTP_<status>`
 * (as `ScanSummary.byCode` counts them). SARIF rule ids, JUnit class names and the report groups
 * all use it, so one URL lands under the same key in every format.
 */
export function outcomeKey(finding: Finding): string {
  // A redirected URL usually ends in a 200; grouping it under "200 OK" would hide why it was reported.
  const firstHop = finding.redirects[0];
  const status = finding.error === null && finding.category === 'redirected' && firstHop !== undefined ? firstHop.status : finding.status;
  return outcomeKeyOf(status, finding.error);
}

/** The group heading users read: `404 Not Found`, `DNS_NOT_FOUND — DNS name not found`. */
export function outcomeLabel(finding: Finding): string {
  const key = outcomeKey(finding);
  const httpStatus = /^HTTP_(\d+)$/.exec(key)?.[1];
  if (httpStatus === undefined) return finding.title === '' || finding.title === key ? key : `${key} — ${finding.title}`;
  // Classifiers may already put the number in the title ("404 Not Found"); don't say it twice.
  if (finding.title.startsWith(httpStatus)) return finding.title;
  // The title describes the final status; a redirect's key is the first hop's, so name that one.
  if (String(finding.status) === httpStatus && finding.title !== '') return `${httpStatus} ${finding.title}`;
  const standard = STATUS_CODES[Number(httpStatus)];
  return standard === undefined ? httpStatus : `${httpStatus} ${standard}`;
}
