import { describe, expect, it } from 'vitest';
import { makeFinding, sampleScanReport } from './sample-scan-report.fixture.js';
import { digestScan } from './scan-digest.js';

describe('digestScan', () => {
  it('counts broken links by internal and external', () => {
    const digest = digestScan(sampleScanReport());
    expect(digest.broken).toEqual({ total: 5, internal: 2, external: 3 });
    expect(digest.warnings).toBe(3);
    expect(digest.notices).toBe(1);
    expect(digest.passed).toBe(false);
  });

  it('words each limit with the value the scan used', () => {
    const report = sampleScanReport();
    report.summary.limitsHit = ['maxPages', 'maxDepth', 'maxLinksPerPage', 'maxDuration', 'maxUrls', 'aborted'];
    report.options = { maxPages: 100, maxDepth: 3, maxLinksPerPage: 500, maxDurationMs: 600_000 };
    expect(digestScan(report).limits).toEqual([
      'Stopped early: --max-pages 100 reached',
      'Pages deeper than --max-depth 3 were not crawled',
      'Links past --max-links-per-page 500 on a page were not checked',
      'Stopped early: --max-duration 10 min 00 s reached',
      'Stopped early: --max-urls reached',
      'Stopped early: the scan was interrupted',
    ]);
  });

  it('reports ignored robots.txt and omits a crawl-delay the site did not ask for', () => {
    const report = sampleScanReport();
    report.summary.robots = { obeyed: false, crawlDelaySeconds: null, appliedDelayMs: 0, blockedUrls: 0 };
    expect(digestScan(report).robots).toEqual(['robots.txt was not obeyed']);
  });

  it('uses the singular for one broken link and warns that a stopped scan is partial', () => {
    const report = sampleScanReport();
    report.findings = [makeFinding({ url: 'https://shop.example.com/x' })];
    report.summary.pagesCrawled = 1;
    expect(digestScan(report).verdict).toBe('1 broken link (1 internal, 0 external) on 1 page · scan stopped early');
  });
});
