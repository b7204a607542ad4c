import { describe, expect, it } from 'vitest';
import { describeOccurrence } from './describe-occurrence.js';
import { occurrence } from './sample-scan-report.fixture.js';

describe('describeOccurrence', () => {
  it('names the line, the element and the anchor text', () => {
    expect(describeOccurrence(occurrence('https://p/', 12, 'Read more'))).toBe('line 12, <a> "Read more"');
  });

  it('names the attribute only when it is not the obvious one', () => {
    expect(describeOccurrence(occurrence('https://p/', 3, '', 'img', 'src'))).toBe('line 3, <img>');
    expect(describeOccurrence(occurrence('https://p/', 3, 'Logo', 'img', 'srcset'))).toBe('line 3, <img srcset> "Logo"');
    expect(describeOccurrence(occurrence('https://p/', 8, '', 'style', 'url()'))).toBe('line 8, <style> url()');
    expect(describeOccurrence(occurrence('https://p/app.css', 2, '', 'css', '@import'))).toBe('line 2, CSS @import');
  });

  it('leaves out an unknown line and collapses and caps the text', () => {
    const long = `Go\n\n${'x'.repeat(200)}`;
    const described = describeOccurrence(occurrence('https://p/sitemap.xml', 0, long, 'sitemap', 'loc'));
    expect(described.startsWith('sitemap "Go x')).toBe(true);
    expect(described.endsWith('…"')).toBe(true);
    expect(described.length).toBeLessThan(100);
  });
});
