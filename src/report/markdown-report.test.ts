import { describe, expect, it } from 'vitest';
import { renderMarkdownReport } from './markdown-report.js';
import { cleanScanReport, sampleScanReport } from './sample-scan-report.fixture.js';

/** Cells of a GFM table row, split the way GitHub does: on pipes not escaped with a backslash. */
function cells(row: string): string[] {
  return row
    .replace(/^\| /, '')
    .replace(/ \|$/, '')
    .split(/(?<!\\)\| /)
    .map((cell) => cell.trim());
}

describe('renderMarkdownReport', () => {
  const markdown = renderMarkdownReport(sampleScanReport());
  const lines = markdown.split('\n');

  it('opens with the verdict and the scan numbers', () => {
    expect(lines[0]).toBe('## ✖ dislike404: 5 broken links (2 internal, 3 external) on 100 pages · 3 warnings · scan stopped early');
    expect(markdown).toContain('Scanned <https://shop.example.com/> · 100 pages crawled · 3,412 URLs checked');
    expect(markdown).toContain('> [!WARNING]\n> Stopped early: --max-pages 100 reached');
  });

  it('has a heading per severity and per outcome, in order', () => {
    const headings = lines.filter((line) => /^#{3,4} /.test(line));
    expect(headings).toEqual([
      '### ✖ Errors (5)',
      '#### 404 Not Found (3)',
      '#### DNS\\_NOT\\_FOUND — DNS name not found (1)',
      '#### INVALID\\_URL — Invalid URL (1)',
      '### ⚠ Warnings (3)',
      '#### FRAGMENT\\_NOT\\_FOUND — Fragment not found (1)',
      '#### 301 Moved Permanently (1)',
      '#### SOFT\\_404 — Soft 404: page says "Not found, sorry" (1)',
      '#### BLOCKED\\_BY\\_ROBOTS — Blocked by robots.txt (1)',
    ]);
  });

  it('folds notices into a details block', () => {
    const details = markdown.indexOf('<details>');
    expect(details).toBeGreaterThan(markdown.indexOf('### ⚠ Warnings'));
    expect(markdown).toContain('<summary><strong>ℹ Notices (1)</strong></summary>');
  });

  it('keeps every table row at three cells however hostile the page text', () => {
    const rows = lines.filter((line) => line.startsWith('| ') && !line.startsWith('| URL') && !line.startsWith('| ---'));
    expect(rows.length).toBe(9);
    for (const row of rows) expect(cells(row)).toHaveLength(3);
    expect(markdown).toContain('"=cmd\\|\' /C calc\'!A0"');
  });

  it('lists internal URLs first within a group, with details and pages', () => {
    const rows = lines.filter((line) => line.startsWith('| <https://'));
    expect(rows[0]).toMatch(/^\| <https:\/\/shop\.example\.com\/assets\/logo\.png><br>internal · image \|/);
    const pricing = cells(rows[1] ?? '');
    expect(pricing[0]).toBe('<https://shop.example.com/pricing-old><br>internal · page');
    expect(pricing[1]).toBe(
      'This page of your site does not exist.<br>**Fix:** Restore the page or update the links to it.<br>Did you mean <https://shop.example.com/pricing>?',
    );
    expect(pricing[2]?.split('<br>')[0]).toBe(
      '<https://shop.example.com/> line 12, \\<a\\> "\\<script\\>alert("x")\\</script\\>"',
    );
    expect(cells(rows[2] ?? '')[0]).toBe('<https://partner.example.org/gone><br>external · page');
  });

  it('escapes HTML so page text cannot inject markup', () => {
    expect(markdown).not.toMatch(/<script>/);
    expect(markdown).not.toContain('</script>');
  });

  it('caps occurrences and says how many more', () => {
    const logo = lines.find((line) => line.includes('assets/logo.png><br>')) ?? '';
    expect(logo.match(/products\/item-/g)).toHaveLength(20);
    expect(logo).toContain('<br>… and 30 more |');
    const capped = renderMarkdownReport(sampleScanReport(), { maxOccurrencesShown: 3 });
    expect(capped).toContain('… and 47 more');
  });

  it('shows an invalid URL as code, a fragment URL with its fragment, and the redirect chain', () => {
    expect(markdown).toContain('| `http://exa mple.com/a b`<br>external · page |');
    expect(markdown).toContain('<https://shop.example.com/docs#instal>');
    expect(markdown).toContain('Did you mean <https://shop.example.com/docs#install>?');
    expect(markdown).toContain('Redirects: 301 → https://shop.example.com/blog → 302 → https://shop.example.com/blog/ → 200');
    expect(markdown).toContain('"Café ünïcödé 日本語 🎉"');
  });

  it('pings nobody and reverses no text', () => {
    expect(markdown).not.toContain('@octocat');
    expect(markdown).not.toContain('\u202E');
  });

  it('ends with outcome counts and robots notes', () => {
    expect(markdown).toContain('**Outcomes:** `HTTP_200` 3,401 · `HTTP_404` 3');
    expect(markdown).toContain('robots.txt crawl-delay 2 s: waited 2 s between requests');
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('lists successes in a folded table when showAll is set', () => {
    const all = renderMarkdownReport(sampleScanReport(), { showAll: true });
    expect(all).toContain('<summary><strong>✔ OK (1)</strong></summary>');
    expect(all).toContain('#### 200 OK (1)\n\n| URL | Redirects |\n| --- | --- |\n| <https://shop.example.com/> |  |');
  });

  it('says plainly when nothing is broken', () => {
    const clean = renderMarkdownReport(cleanScanReport());
    expect(clean.split('\n')[0]).toBe('## ✔ dislike404: No broken links found on 100 pages');
    expect(clean).not.toContain('###');
  });
});
