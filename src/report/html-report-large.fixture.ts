import type { Finding, ScanReport, Severity } from '../core/report-types.js';
import { makeFinding, occurrence, sampleScanReport } from './sample-scan-report.fixture.js';

const SITE = 'https://shop.example.com';

/*
 * A scan with `count` findings in a fixed pattern, so tests can predict every filter's result:
 * per ten findings, six internal 404 pages, one external DNS failure (script), one internal 301
 * (warning), one external 403 image (warning) and one robots.txt notice. Every URL holds `item-<i>`.
 */
export function largeScanReport(count = 20_000): ScanReport {
  const findings = Array.from({ length: count }, (_, index) => largeFinding(index));
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, notice: 0, ok: 0 };
  const byCode: Record<string, number> = {};
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    const key = finding.error ?? `HTTP_${finding.redirects[0]?.status ?? finding.status}`;
    byCode[key] = (byCode[key] ?? 0) + 1;
  }
  const base = sampleScanReport();
  return {
    ...base,
    summary: {
      ...base.summary,
      pagesCrawled: 1000,
      urlsChecked: count + 5000,
      urlsFound: count + 5000,
      findings: count,
      broken: bySeverity.error,
      redirected: count / 10,
      skipped: count / 10,
      byCode,
      bySeverity: { ...bySeverity, ok: 5000 },
      limitsHit: [],
    },
    findings,
  };
}

function largeFinding(index: number): Finding {
  const places = [0, 1, 2].map((offset) =>
    occurrence(`${SITE}/section-${(index + offset) % 500}/page-${(index * 7 + offset) % 1000}`, 10 + offset, `Link ${index}`),
  );
  const common = { occurrences: places, occurrenceCount: places.length };
  switch (index % 10) {
    case 6:
      return makeFinding({
        ...common,
        url: `https://cdn-${index % 50}.nonexistent.invalid/item-${index}.js`,
        status: null,
        error: 'DNS_NOT_FOUND',
        title: 'DNS name not found',
        internal: false,
        kind: 'script',
      });
    case 7:
      return makeFinding({
        ...common,
        url: `${SITE}/old/item-${index}`,
        status: 200,
        severity: 'warning',
        category: 'redirected',
        title: 'OK',
        redirects: [{ url: `${SITE}/old/item-${index}`, status: 301, location: `${SITE}/new/item-${index}` }],
        finalUrl: `${SITE}/new/item-${index}`,
      });
    case 8:
      return makeFinding({
        ...common,
        url: `https://images.example.net/item-${index}.png`,
        status: 403,
        severity: 'warning',
        title: 'Forbidden',
        internal: false,
        kind: 'image',
      });
    case 9:
      return makeFinding({
        ...common,
        url: `${SITE}/private/item-${index}`,
        status: null,
        error: 'BLOCKED_BY_ROBOTS',
        severity: 'notice',
        category: 'skipped',
        title: 'Blocked by robots.txt',
      });
    default:
      return makeFinding({ ...common, url: `${SITE}/missing/item-${index}` });
  }
}
