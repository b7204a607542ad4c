import type { Finding, ScanReport } from '../core/report-types.js';
import type { LinkOccurrence } from '../core/types.js';

/*
 * A realistic scan of a small shop, shared by every format's tests. Page-controlled strings carry the
 * payloads reports must survive: markup, quotes, commas, newlines, formula triggers, control
 * characters, lone surrogates, bidi overrides and non-ASCII text.
 */

export const HOSTILE_TEXT = {
  script: '<script>alert("x")</script>',
  quoted: 'Say "hi", then\nread on',
  formula: "=cmd|' /C calc'!A0",
  unicode: 'Café ünïcödé 日本語 🎉',
  mention: '@octocat see #12',
  control: 'bell\u0007 esc\u001b[31mred\u001b[0m nul\u0000 lone\uD800 rtl\u202Eevil',
} as const;

export function makeFinding(overrides: Partial<Finding> & Pick<Finding, 'url'>): Finding {
  return {
    status: 404,
    error: null,
    errorDetail: null,
    severity: 'error',
    category: 'broken',
    suppressedBy: null,
    history: null,
    title: 'Not Found',
    reason: 'The server says this page does not exist.',
    advice: 'Fix or remove the link.',
    suggestion: null,
    internal: true,
    kind: 'page',
    finalUrl: overrides.url,
    redirects: [],
    contentType: 'text/html',
    method: 'GET',
    durationMs: 120,
    retries: 0,
    inSitemap: false,
    occurrences: [],
    occurrenceCount: overrides.occurrences?.length ?? 0,
    ...overrides,
  };
}

export function occurrence(page: string, line: number, text: string, element = 'a', attribute = 'href'): LinkOccurrence {
  return { page, element, attribute, text, line };
}

const SITE = 'https://shop.example.com';

export function sampleScanReport(): ScanReport {
  const logoPages = Array.from({ length: 50 }, (_, index) =>
    occurrence(`${SITE}/products/item-${String(index + 1).padStart(2, '0')}`, 7, 'Shop logo', 'img', 'src'),
  );
  const findings: Finding[] = [
    makeFinding({
      url: 'https://partner.example.org/gone',
      internal: false,
      reason: 'The other site says this page does not exist.',
      advice: 'Link to the page that replaced it, or remove the link.',
      occurrences: [occurrence(`${SITE}/about`, 88, 'Our partner')],
    }),
    makeFinding({
      url: `${SITE}/pricing-old`,
      reason: 'This page of your site does not exist.',
      advice: 'Restore the page or update the links to it.',
      suggestion: `${SITE}/pricing`,
      occurrences: [
        occurrence(`${SITE}/features`, 40, HOSTILE_TEXT.quoted),
        occurrence(`${SITE}/`, 12, HOSTILE_TEXT.script),
        occurrence(`${SITE}/blog/launch`, 31, HOSTILE_TEXT.formula),
      ],
    }),
    makeFinding({
      url: `${SITE}/assets/logo.png`,
      kind: 'image',
      contentType: 'text/html',
      reason: 'This image of your site does not exist.',
      advice: 'Upload the image again or fix the src.',
      occurrences: logoPages,
      occurrenceCount: 50,
    }),
    makeFinding({
      url: 'https://cdn.nonexistent.invalid/lib.js',
      status: null,
      error: 'DNS_NOT_FOUND',
      errorDetail: 'getaddrinfo ENOTFOUND cdn.nonexistent.invalid',
      title: 'DNS name not found',
      reason: 'No DNS record exists for this host, so the script can never load.',
      advice: 'Check the host name for typos or host the script yourself.',
      internal: false,
      kind: 'script',
      contentType: null,
      method: null,
      occurrences: [occurrence(`${SITE}/`, 5, '', 'script', 'src')],
    }),
    makeFinding({
      url: 'http://exa mple.com/a b',
      status: null,
      error: 'INVALID_URL',
      title: 'Invalid URL',
      reason: 'The link cannot be parsed as a URL.',
      advice: 'Fix the typo in the href.',
      internal: false,
      contentType: null,
      method: null,
      occurrences: [occurrence(`${SITE}/contact`, 19, HOSTILE_TEXT.unicode)],
    }),
    makeFinding({
      url: 'http://shop.example.com/blog',
      status: 200,
      severity: 'warning',
      category: 'redirected',
      title: 'Moved Permanently',
      reason: 'The link goes through 2 redirects before it reaches the page.',
      advice: 'Link to https://shop.example.com/blog/ directly.',
      finalUrl: `${SITE}/blog/`,
      redirects: [
        { url: 'http://shop.example.com/blog', status: 301, location: `${SITE}/blog` },
        { url: `${SITE}/blog`, status: 302, location: `${SITE}/blog/` },
      ],
      occurrences: [occurrence(`${SITE}/`, 22, 'Blog'), occurrence(`${SITE}/about`, 14, HOSTILE_TEXT.mention)],
    }),
    makeFinding({
      url: `${SITE}/docs#instal`,
      status: 200,
      error: 'FRAGMENT_NOT_FOUND',
      severity: 'warning',
      title: 'Fragment not found',
      reason: 'The page exists but has no element with id "instal".',
      advice: 'Point the link at an existing id.',
      suggestion: `${SITE}/docs#install`,
      finalUrl: `${SITE}/docs`,
      occurrences: [occurrence(`${SITE}/faq`, 63, HOSTILE_TEXT.control)],
    }),
    makeFinding({
      url: `${SITE}/sale`,
      status: 200,
      error: 'SOFT_404',
      severity: 'warning',
      title: 'Soft 404: page says "Not found, sorry"',
      reason: `The page answers 200 but its title reads ${HOSTILE_TEXT.script}.`,
      advice: 'Return a real 404 or restore the content.',
      occurrences: [occurrence(`${SITE}/`, 30, 'Sale')],
    }),
    makeFinding({
      url: `${SITE}/admin/`,
      status: null,
      error: 'BLOCKED_BY_ROBOTS',
      severity: 'notice',
      category: 'skipped',
      title: 'Blocked by robots.txt',
      reason: 'robots.txt disallows this URL, so it was not checked.',
      advice: 'Nothing to do unless the page should be public.',
      contentType: null,
      method: null,
      durationMs: 0,
      occurrences: [occurrence(`${SITE}/`, 50, 'Admin')],
    }),
    makeFinding({
      url: `${SITE}/`,
      status: 200,
      severity: 'ok',
      category: 'ok',
      title: 'OK',
      reason: 'The page loads.',
      advice: '',
      inSitemap: true,
      occurrences: [],
      occurrenceCount: 0,
    }),
  ];

  return {
    schemaVersion: 1,
    tool: { name: 'dislike404', version: '0.1.0' },
    options: { maxPages: 100, concurrency: 8, headers: { authorization: '[redacted]' } },
    summary: {
      startUrl: `${SITE}/`,
      startedAt: '2025-05-01T10:00:00.000Z',
      finishedAt: '2025-05-01T10:01:12.300Z',
      durationMs: 72_300,
      pagesCrawled: 100,
      urlsChecked: 3412,
      urlsFound: 3600,
      findings: findings.length,
      broken: 5,
      redirected: 1,
      skipped: 1,
      suppressed: 0,
      byCode: {
        HTTP_200: 3401,
        HTTP_404: 3,
        HTTP_301: 1,
        DNS_NOT_FOUND: 1,
        INVALID_URL: 1,
        FRAGMENT_NOT_FOUND: 1,
        SOFT_404: 1,
        BLOCKED_BY_ROBOTS: 1,
      },
      bySeverity: { error: 5, warning: 3, notice: 1, ok: 3401 },
      limitsHit: ['maxPages'],
      robots: { obeyed: true, crawlDelaySeconds: 2, appliedDelayMs: 2000, blockedUrls: 1 },
      sitemapUrls: 340,
    },
    findings,
  };
}

/** A scan with nothing wrong: the verdict and CI outputs must say so plainly. */
export function cleanScanReport(): ScanReport {
  const report = sampleScanReport();
  report.findings = [];
  report.summary = {
    ...report.summary,
    findings: 0,
    broken: 0,
    redirected: 0,
    skipped: 0,
    byCode: { HTTP_200: 3412 },
    bySeverity: { error: 0, warning: 0, notice: 0, ok: 3412 },
    limitsHit: [],
    robots: { obeyed: true, crawlDelaySeconds: null, appliedDelayMs: 0, blockedUrls: 0 },
  };
  return report;
}
