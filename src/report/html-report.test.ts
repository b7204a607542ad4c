import { describe, expect, it } from 'vitest';
import { lookupKnowledge } from '../classify/knowledge/knowledge-base.js';
import type { ScanReport } from '../core/report-types.js';
import { HTML_CLIENT_SCRIPT } from './html-client-list.js';
import { buildHtmlReportData, type HtmlReportData } from './html-data.js';
import { embedJson, safeHttpHref } from './html-escape.js';
import { largeScanReport } from './html-report-large.fixture.js';
import { HTML_REPORT_CSP, renderHtmlReport } from './html-report.js';
import { HTML_REPORT_CSS } from './html-style.js';
import { renderReport } from './render-report.js';
import { cleanScanReport, makeFinding, occurrence, sampleScanReport } from './sample-scan-report.fixture.js';

const BREAKOUT = '</script><script>alert(1)</script>';

function embeddedData(html: string): HtmlReportData {
  const match = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (match?.[1] === undefined) throw new Error('no embedded report data');
  return JSON.parse(match[1]) as HtmlReportData;
}

/** The markup with the embedded JSON and the page script cut out: what the server itself rendered. */
function markupOnly(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style>[\s\S]*?<\/style>/, '');
}

function hostileReport(): ScanReport {
  const report = sampleScanReport();
  report.findings.push(
    makeFinding({
      url: `https://shop.example.com/${BREAKOUT}`,
      title: `<!-- ${BREAKOUT}`,
      occurrences: [occurrence('https://shop.example.com/x', 1, `${BREAKOUT} & \u2028\u2029 > <`)],
    }),
    makeFinding({ url: 'javascript:alert(1)', status: null, error: 'INVALID_URL', title: 'Invalid URL' }),
  );
  return report;
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(sampleScanReport());

  it('is one document with a strict Content-Security-Policy', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${HTML_REPORT_CSP}">`);
    expect(HTML_REPORT_CSP).toContain("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:");
  });

  it('loads nothing from anywhere: http(s) only in the href of noopener links', () => {
    const tags = markupOnly(renderHtmlReport(hostileReport())).match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(50);
    for (const tag of tags) {
      expect(tag).not.toMatch(/\s(src|srcset|action|poster|data|xlink:href)\s*=/i);
      if (!/https?:/i.test(tag)) continue;
      expect(tag).toMatch(/^<a href="https?:\/\/[^"]*" rel="noopener noreferrer">$/);
    }
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|base)\b/i);
    expect(HTML_REPORT_CSS).not.toMatch(/url\(|@import|@font-face/);
  });

  it('renders the summary, limits, robots notes and both charts without script', () => {
    const markup = markupOnly(html);
    expect(markup).toContain('<dt>Pages crawled</dt><dd>100</dd>');
    expect(markup).toContain('<dt>URLs checked</dt><dd>3,412</dd>');
    expect(markup).toContain('<span class="card-count">5</span> <span class="card-name">Errors</span>');
    expect(markup).toContain('Stopped early: --max-pages 100 reached');
    expect(markup).toContain('robots.txt crawl-delay 2 s: waited 2 s between requests');
    expect(markup).toContain('1 URL skipped: disallowed by robots.txt');
    expect(markup.match(/<svg /g)).toHaveLength(2);
    expect(markup).toContain('<title id="chart-outcomes-title">Problems by outcome</title>');
    expect(markup).toContain('<desc id="chart-outcomes-desc">404 Not Found: 3; DNS_NOT_FOUND — DNS name not found: 1;');
  });

  it('leaves the findings to the page script instead of rendering one subtree each', () => {
    expect(markupOnly(html)).not.toContain('<details');
    expect(embeddedData(html).findings).toHaveLength(sampleScanReport().findings.length);
  });

  it('keeps crawled markup from ending the data script, and round-trips it exactly', () => {
    const hostile = renderHtmlReport(hostileReport());
    expect(hostile.match(/<script/g)).toHaveLength(2);
    expect(hostile.match(/<\/script>/gi)).toHaveLength(2);
    expect(hostile).not.toContain('<!--');
    expect(hostile).not.toMatch(/[\u2028\u2029]/);
    const data = embeddedData(hostile);
    const finding = data.findings.find((candidate) => candidate.url.includes('<script>'));
    expect(finding?.url).toBe(`https://shop.example.com/${BREAKOUT}`);
    expect(finding?.title).toBe(`<!-- ${BREAKOUT}`);
    // Line separators are whitespace to toSingleLine, so the anchor text arrives on one line.
    expect(finding?.occurrences[0]?.[3]).toBe(`${BREAKOUT} & > <`);
  });

  it('marks URLs that must not become links', () => {
    const data = buildHtmlReportData(hostileReport());
    const flags = new Map(data.findings.map((finding) => [finding.url, finding.unlinkable === true]));
    expect(flags.get('javascript:alert(1)')).toBe(true);
    expect(flags.get('http://exa mple.com/a b')).toBe(true);
    expect(flags.get('https://shop.example.com/pricing-old')).toBe(false);
  });

  it('embeds each knowledge entry once, keyed by outcome', () => {
    const large = renderHtmlReport(largeScanReport(2000));
    const data = embeddedData(large);
    expect(Object.keys(data.knowledge).sort()).toEqual(['BLOCKED_BY_ROBOTS', 'DNS_NOT_FOUND', 'HTTP_301', 'HTTP_403', 'HTTP_404']);
    const explanation = lookupKnowledge('HTTP_404')?.explanation ?? '';
    expect(explanation.length).toBeGreaterThan(50);
    expect(large.split(embedJson(explanation).slice(1, -1))).toHaveLength(2);
  });

  it('orders findings as the text report does: severity, outcome group, internal first', () => {
    const data = buildHtmlReportData(sampleScanReport());
    const labels = data.findings.map((finding) => data.groups[finding.group]?.label);
    expect(labels.slice(0, 3)).toEqual(['404 Not Found', '404 Not Found', '404 Not Found']);
    expect(data.findings.slice(0, 3).map((finding) => finding.internal)).toEqual([true, true, false]);
    expect(data.findings.map((finding) => finding.severity).at(-1)).toBe('ok');
    expect(data.pages.length).toBeLessThan(data.findings.reduce((sum, finding) => sum + finding.occurrences.length, 0));
  });

  it('stays compact with 20,000 findings', () => {
    const large = renderHtmlReport(largeScanReport(20_000));
    // Three places per finding; the budget leaves room for them but not for per-finding prose or markup.
    expect(large.length).toBeLessThan(20_000 * 600);
    expect(embeddedData(large).findings).toHaveLength(20_000);
    expect(markupOnly(large).length).toBeLessThan(20_000);
  });

  it('says plainly when there is nothing to fix', () => {
    const clean = markupOnly(renderHtmlReport(cleanScanReport()));
    expect(clean).toContain('✔ No broken links found on 100 pages');
    expect(clean).toContain('No problems found');
  });

  it('is registered as the html format', () => {
    expect(renderReport(sampleScanReport(), 'html')).toBe(html);
  });
});

describe('page script', () => {
  it('parses, and builds DOM without any HTML-string API', () => {
    expect(() => new Function(HTML_CLIENT_SCRIPT)).not.toThrow();
    expect(HTML_CLIENT_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(HTML_CLIENT_SCRIPT).not.toMatch(/<\/script|<!--/i);
  });
});

describe('embedJson', () => {
  it('leaves no character that could close or confuse a script element, and parses back', () => {
    const value = { text: `${BREAKOUT} <!-- & \u2028\u2029 \uD800` };
    const embedded = embedJson(value);
    expect(embedded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(embedded)).toEqual(value);
  });
});

describe('safeHttpHref', () => {
  it('allows only http and https', () => {
    expect(safeHttpHref('https://a.example/x y')).toBe('https://a.example/x%20y');
    expect(safeHttpHref('HTTP://A.example')).toBe('http://a.example/');
    for (const url of ['javascript:alert(1)', 'data:text/html,x', 'mailto:a@b.example', 'not a url', '']) {
      expect(safeHttpHref(url)).toBeNull();
    }
  });
});
