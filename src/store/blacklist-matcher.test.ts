import { describe, expect, it } from 'vitest';
import { compileBlacklist, globLiteralPrefix, regexLiteralPrefix, type MatchSubject } from './blacklist-matcher.js';
import { validateBlacklistRule, type BlacklistRule } from './blacklist-rule.js';

let n = 0;
function rule(fields: Partial<BlacklistRule> & Pick<BlacklistRule, 'kind' | 'pattern'>): BlacklistRule {
  n += 1;
  return { id: `r${n}`, siteId: 's', statusCodes: null, errorCodes: null, scope: 'any', note: '', author: null, createdAt: '', ...fields };
}
const broken = (url: string, extra: Partial<MatchSubject> = {}): MatchSubject => ({ url, status: 404, error: null, internal: true, ...extra });

describe('compileBlacklist', () => {
  it('matches exact URLs, also in their normalised form', () => {
    const m = compileBlacklist([rule({ kind: 'exact', pattern: 'https://Example.test' })]);
    expect(m.match(broken('https://example.test/'))).not.toBeNull();
    expect(m.match(broken('https://example.test/x'))).toBeNull();
  });

  it('matches prefixes, including nested ones, with a case-insensitive origin', () => {
    const outer = rule({ kind: 'prefix', pattern: 'https://A.test/docs/' });
    const inner = rule({ kind: 'prefix', pattern: 'https://a.test/docs/v1/', statusCodes: [410] });
    const sibling = rule({ kind: 'prefix', pattern: 'https://a.test/docs/v1/z' });
    const m = compileBlacklist([inner, outer, sibling]);
    expect(m.match(broken('https://a.test/docs/v1/page', { status: 410 }))?.id).toBe(inner.id);
    expect(m.match(broken('https://a.test/docs/v1/page'))?.id).toBe(outer.id);
    expect(m.match(broken('https://a.test/docs/v2'))?.id).toBe(outer.id);
    expect(m.match(broken('https://a.test/doc'))).toBeNull();
  });

  it('matches globs with and without a literal prefix', () => {
    const pdf = rule({ kind: 'glob', pattern: 'https://a.test/files/**/*.pdf' });
    const any = rule({ kind: 'glob', pattern: '**/*.zip' });
    const m = compileBlacklist([pdf, any]);
    expect(m.match(broken('https://a.test/files/2020/x.pdf'))?.id).toBe(pdf.id);
    expect(m.match(broken('https://a.test/other/x.pdf'))).toBeNull();
    expect(m.match(broken('https://b.test/dl/x.zip'))?.id).toBe(any.id);
  });

  it('matches regexes, anchored or not, and combines many without changing results', () => {
    const rules = Array.from({ length: 50 }, (_, i) => rule({ kind: 'regex', pattern: `^https://h${i}\\.test/(a|b)$` }));
    const floating = rule({ kind: 'regex', pattern: 'session=[0-9]+' });
    const m = compileBlacklist([...rules, floating]);
    expect(m.match(broken('https://h7.test/b'))?.id).toBe(rules[7]?.id);
    expect(m.match(broken('https://h7.test/c'))).toBeNull();
    expect(m.match(broken('https://x.test/?session=42'))?.id).toBe(floating.id);
  });

  it('limits rules to status codes or error codes (either is enough) and to a scope', () => {
    const r = rule({ kind: 'prefix', pattern: 'https://p.test/', statusCodes: [403], errorCodes: ['TIMEOUT'], scope: 'external' });
    const m = compileBlacklist([r]);
    expect(m.match(broken('https://p.test/x', { status: 403, internal: false }))).not.toBeNull();
    expect(m.match(broken('https://p.test/x', { status: null, error: 'TIMEOUT', internal: false }))).not.toBeNull();
    expect(m.match(broken('https://p.test/x', { status: 404, internal: false }))).toBeNull();
    expect(m.match(broken('https://p.test/x', { status: 403, internal: true }))).toBeNull();
  });

  it('returns the earliest rule when several match', () => {
    const a = rule({ kind: 'glob', pattern: 'https://a.test/**' });
    const b = rule({ kind: 'exact', pattern: 'https://a.test/x' });
    expect(compileBlacklist([a, b]).match(broken('https://a.test/x'))?.id).toBe(a.id);
    expect(compileBlacklist([b, a]).match(broken('https://a.test/x'))?.id).toBe(b.id);
  });

  it('skips rules that fail validation instead of throwing', () => {
    const bad = rule({ kind: 'regex', pattern: '([' });
    const m = compileBlacklist([bad]);
    expect(m.skipped).toEqual([bad]);
    expect(m.match(broken('https://a.test/'))).toBeNull();
  });
});

describe('validateBlacklistRule', () => {
  it('names the broken part of a rule', () => {
    expect(validateBlacklistRule({ kind: 'regex', pattern: '(' })).toMatchObject({ ok: false, field: 'pattern', message: expect.stringContaining('Invalid regular expression') as string });
    expect(validateBlacklistRule({ kind: 'exact', pattern: '' })).toMatchObject({ ok: false, field: 'pattern' });
    expect(validateBlacklistRule({ kind: 'exact', pattern: 'x', statusCodes: [99] })).toMatchObject({ ok: false, field: 'statusCodes' });
    expect(validateBlacklistRule({ kind: 'exact', pattern: 'x', errorCodes: ['NOPE'] })).toMatchObject({ ok: false, field: 'errorCodes' });
    expect(validateBlacklistRule({ kind: 'exact', pattern: ' x ' })).toMatchObject({ ok: true, rule: { pattern: 'x', scope: 'any' } });
  });
});

describe('literal prefixes', () => {
  it('stops before operators and optional characters', () => {
    expect(regexLiteralPrefix('^https://a\\.test/x+y')).toBe('https://a.test/x');
    expect(regexLiteralPrefix('^https://a\\.test/x*y')).toBe('https://a.test/');
    expect(regexLiteralPrefix('^https?://')).toBe('http');
    expect(regexLiteralPrefix('^a|b')).toBe('');
    expect(regexLiteralPrefix('a\\.test')).toBe('');
    expect(globLiteralPrefix('https://a.test/{x,y}/*')).toBe('https://a.test/');
    expect(globLiteralPrefix('!https://a.test/')).toBe('');
  });
});

describe('path rules', () => {
  it('matches exact, prefix and glob rules written as a path against the path and query of any URL', () => {
    const at = (kind: 'exact' | 'prefix' | 'glob', pattern: string, id: string) =>
      ({ id, siteId: 's', kind, pattern, statusCodes: null, errorCodes: null, scope: 'any', note: '', author: null, createdAt: '' }) as const;
    const m = compileBlacklist([at('glob', '/ads/**', 'g'), at('prefix', '/legacy/', 'p'), at('exact', '/old?x=1', 'e'), at('prefix', 'https://cdn.example.com/', 'full')]);
    const subject = (url: string) => ({ url, status: 404, error: null, internal: true });
    expect(m.match(subject('https://example.com/ads/banner.js'))?.id).toBe('g');
    expect(m.match(subject('https://other.example.org/legacy/page'))?.id).toBe('p');
    expect(m.match(subject('https://example.com/old?x=1'))?.id).toBe('e');
    expect(m.match(subject('https://cdn.example.com/ads/x'))?.id).toBe('g');
    expect(m.match(subject('https://cdn.example.com/other'))?.id).toBe('full');
    expect(m.match(subject('https://example.com/news/ads/x'))).toBeNull();
  });
});
