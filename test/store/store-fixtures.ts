import type { Finding, ScanReport, ScanSummary } from '../../src/core/report-types.js';
import type { CheckResult, LinkOccurrence } from '../../src/core/types.js';

export const SITE = 'https://shop.example.test/';

export function occurrence(page: string, line: number, text = `link on line ${line}`): LinkOccurrence {
  return { page, element: 'a', attribute: 'href', text, line };
}

export function checkResult(url: string, overrides: Partial<CheckResult> = {}): CheckResult {
  return {
    url,
    finalUrl: url,
    status: 200,
    error: null,
    errorDetail: null,
    redirects: [],
    contentType: 'text/html',
    method: 'GET',
    durationMs: 12,
    retries: 0,
    ...overrides,
  };
}

export function finding(url: string, overrides: Partial<Finding> = {}): Finding {
  return {
    url,
    status: 404,
    error: null,
    errorDetail: null,
    severity: 'error',
    category: 'broken',
    title: 'Not Found',
    reason: 'Internal page linked from the site.',
    advice: 'Fix or remove the link.',
    suggestion: null,
    internal: true,
    kind: 'page',
    finalUrl: url,
    redirects: [],
    contentType: 'text/html',
    method: 'GET',
    durationMs: 30,
    retries: 0,
    inSitemap: false,
    occurrences: [occurrence(SITE, 10)],
    occurrenceCount: 1,
    suppressedBy: null,
    history: null,
    ...overrides,
  };
}

/** A varied report: fragments, redirects, engine errors, externals, unicode text, many occurrences. */
export function sampleFindings(): Finding[] {
  const findings: Finding[] = [
    finding(`${SITE}missing`, { occurrences: [occurrence(SITE, 3, 'Ünïcødé “quoted” <b>'), occurrence(`${SITE}about`, 7)], occurrenceCount: 5 }),
    finding(`${SITE}docs#install`, { error: 'FRAGMENT_NOT_FOUND', status: 200, errorDetail: 'no element with id or name "install"', title: 'Missing anchor' }),
    finding('https://dead.example.invalid/', { status: null, error: 'DNS_NOT_FOUND', errorDetail: 'ENOTFOUND', internal: false, kind: 'other', severity: 'warning', method: null, contentType: null, title: 'DNS name not found' }),
    finding(`${SITE}old`, {
      status: 200, severity: 'notice', category: 'redirected', title: 'Redirected', finalUrl: `${SITE}new`,
      redirects: [{ url: `${SITE}old`, status: 301, location: `${SITE}new` }], suggestion: `${SITE}new`, inSitemap: true,
    }),
    finding(`${SITE}img/logo.png`, { status: 500, kind: 'image', severity: 'error', title: 'Internal Server Error', retries: 2, durationMs: 1500 }),
    finding('https://cdn.example.test/app.js', { status: 403, internal: false, kind: 'script', severity: 'warning', title: 'Forbidden', occurrences: [] , occurrenceCount: 0 }),
  ];
  for (let i = 0; i < 24; i += 1) {
    const occurrences = Array.from({ length: (i % 4) + 1 }, (_, k) => occurrence(`${SITE}page/${k}`, i + k + 1));
    findings.push(finding(`${SITE}gone/${String(i).padStart(2, '0')}`, { status: i % 3 === 0 ? 410 : 404, occurrences, occurrenceCount: occurrences.length + (i % 2) }));
  }
  return findings;
}

export function summaryFor(findings: readonly Finding[], startedAt = '2026-01-01T10:00:00.000Z'): ScanSummary {
  return {
    startUrl: SITE,
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 65_000).toISOString(),
    durationMs: 65_000,
    pagesCrawled: 120,
    urlsChecked: 300,
    urlsFound: 320,
    findings: findings.length,
    broken: findings.filter((f) => f.category === 'broken').length,
    redirected: findings.filter((f) => f.category === 'redirected').length,
    skipped: 0,
    suppressed: 0,
    byCode: { HTTP_404: 16, HTTP_410: 8, DNS_NOT_FOUND: 1 },
    bySeverity: { error: 27, warning: 2, notice: 1, ok: 0 },
    limitsHit: ['maxPages'],
    robots: { obeyed: true, crawlDelaySeconds: null, appliedDelayMs: 0, blockedUrls: 0 },
    sitemapUrls: 40,
  };
}

export function sampleReport(findings = sampleFindings()): ScanReport {
  return {
    schemaVersion: 1,
    tool: { name: 'dislike404', version: '0.1.0' },
    options: { maxPages: 120, headers: { Authorization: '[redacted]' }, include: [] },
    summary: summaryFor(findings),
    findings,
  };
}
