import { describe, expect, it } from 'vitest';
import { compileBlacklist } from '../store/blacklist-matcher.js';
import type { BlacklistRule } from '../store/blacklist-rule.js';
import { blacklistChoices, sameRule } from './blacklist-actions.js';

function stored(choice: ReturnType<typeof blacklistChoices>[number]): BlacklistRule {
  return { id: choice.target, siteId: 's', createdAt: '', statusCodes: null, errorCodes: null, scope: 'any', note: '', author: null, ...choice.rule } as BlacklistRule;
}

function matches(rule: BlacklistRule, url: string, internal: boolean): boolean {
  return compileBlacklist([rule]).match({ url, status: 404, error: null, internal }) !== null;
}

describe('blacklistChoices', () => {
  it('offers the URL and its folder for an internal link; the folder is a path rule for internal links only', () => {
    const choices = blacklistChoices({ url: 'https://shop.test/docs/old/page?x=1', internal: true }, 'ann@example.com');
    expect(choices.map((c) => c.target)).toEqual(['url', 'folder']);
    const [url, folder] = choices.map(stored);
    expect(url).toMatchObject({ kind: 'exact', pattern: 'https://shop.test/docs/old/page?x=1', author: 'ann@example.com' });
    expect(folder).toMatchObject({ kind: 'prefix', pattern: '/docs/old/', scope: 'internal' });
    if (url === undefined || folder === undefined) throw new Error('missing choices');
    expect(matches(url, 'https://shop.test/docs/old/page?x=1', true)).toBe(true);
    expect(matches(url, 'https://shop.test/docs/old/page', true)).toBe(false);
    expect(matches(folder, 'https://shop.test/docs/old/deeper/x', true)).toBe(true);
    expect(matches(folder, 'https://shop.test/docs/older', true)).toBe(false);
    expect(matches(folder, 'https://elsewhere.test/docs/old/x', false)).toBe(false);
  });

  it('offers the host of an external link, over both schemes and any port, and nothing more', () => {
    const choices = blacklistChoices({ url: 'https://cdn.partner.test/a/b.js', internal: false });
    expect(choices.map((c) => c.target)).toEqual(['url', 'folder', 'domain']);
    const domain = stored(choices[2] as (typeof choices)[number]);
    const folder = stored(choices[1] as (typeof choices)[number]);
    expect(folder.pattern).toBe('https://cdn.partner.test/a/');
    for (const url of ['https://cdn.partner.test/', 'http://cdn.partner.test:8080/x', 'https://cdn.partner.test?q', 'https://cdn.partner.test']) {
      expect(matches(domain, url, false)).toBe(true);
    }
    for (const url of ['https://cdn.partner.test.evil.test/', 'https://cdnXpartner.test/', 'https://other.test/?u=https://cdn.partner.test/']) {
      expect(matches(domain, url, false)).toBe(false);
    }
    expect(matches(domain, 'https://cdn.partner.test/x', true)).toBe(false);
  });

  it('offers no folder for the root and only the exact text for a URL that does not parse', () => {
    expect(blacklistChoices({ url: 'https://shop.test/page', internal: true }).map((c) => c.target)).toEqual(['url']);
    expect(blacklistChoices({ url: 'http://[bad', internal: true }).map((c) => c.target)).toEqual(['url']);
    expect(blacklistChoices({ url: 'mailto:a@b.test', internal: false }).map((c) => c.target)).toEqual(['url']);
  });

  it('finds a stored rule that already says the same', () => {
    const [choice] = blacklistChoices({ url: 'https://shop.test/x', internal: true });
    if (choice === undefined) throw new Error('no choice');
    const rule = stored(choice);
    expect(sameRule([rule], choice.rule)).toBe(rule);
    expect(sameRule([{ ...rule, statusCodes: [404] }], choice.rule)).toBeNull();
    expect(sameRule([{ ...rule, scope: 'internal' }], choice.rule)).toBeNull();
  });
});
