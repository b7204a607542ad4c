import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SKIP_CODES } from '../../core/error-codes.js';
import { SEVERITIES } from '../../core/report-types.js';
import { allKnowledgeEntries, lookupKnowledge, outcomeKey } from './knowledge-base.js';
import type { KnowledgeEntry } from './knowledge-entry.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const REGISTERED_STATUSES = [
  ...range(100, 103),
  ...range(200, 208),
  226,
  ...range(300, 308),
  ...range(400, 418),
  ...range(421, 426),
  428,
  429,
  431,
  451,
  ...range(500, 508),
  510,
  511,
];
const NON_STANDARD_STATUSES = [999, ...range(520, 527), 530, 444, 499, 509, 598, 599];
const CLASS_KEYS = ['HTTP_1xx', 'HTTP_2xx', 'HTTP_3xx', 'HTTP_4xx', 'HTTP_5xx'];

const REQUIRED_KEYS = [
  ...REGISTERED_STATUSES.map((s) => `HTTP_${s}`),
  ...NON_STANDARD_STATUSES.map((s) => `HTTP_${s}`),
  ...ERROR_CODES,
  ...CLASS_KEYS,
];

function expectComplete(entry: KnowledgeEntry): void {
  const text = [entry.title, entry.summary, entry.explanation, entry.severityNote, entry.externalAdvice, entry.advice];
  for (const field of text) expect(field.trim(), entry.key).not.toBe('');
  expect(entry.causes.length, `${entry.key} causes`).toBeGreaterThan(0);
  expect(entry.fix.length, `${entry.key} fix`).toBeGreaterThan(0);
  expect(entry.related.length, `${entry.key} related`).toBeGreaterThan(0);
  for (const item of [...entry.causes, ...entry.fix]) expect(item.trim(), entry.key).not.toBe('');
  expect(SEVERITIES).toContain(entry.severity.internal);
  expect(SEVERITIES).toContain(entry.severity.external);
}

describe('knowledge base coverage', () => {
  it.each(REQUIRED_KEYS)('has a complete entry for %s', (key) => {
    const entry = lookupKnowledge(key);
    expect(entry?.key).toBe(key);
    if (entry) expectComplete(entry);
  });

  it('resolves every related key to a registered entry other than itself', () => {
    for (const entry of allKnowledgeEntries()) {
      for (const related of entry.related) {
        expect(lookupKnowledge(related.key)?.key, `${entry.key} -> ${related.key}`).toBe(related.key);
        expect(related.key).not.toBe(entry.key);
        expect(related.difference.trim()).not.toBe('');
      }
    }
  });

  it('keys each entry consistently with its code', () => {
    for (const entry of allKnowledgeEntries()) {
      if (typeof entry.code === 'string') expect(entry.key).toBe(entry.code);
      else if (!CLASS_KEYS.includes(entry.key)) expect(entry.key).toBe(`HTTP_${entry.code}`);
    }
  });

  it('keeps the advice to one short line', () => {
    for (const entry of allKnowledgeEntries()) {
      expect(entry.advice, entry.key).not.toContain('\n');
      expect(entry.advice.length, entry.key).toBeLessThanOrEqual(80);
    }
  });

  it('spells out the differences between commonly confused outcomes', () => {
    const pairs: [number, number][] = [[401, 403], [403, 401], [404, 410], [410, 404], [301, 302], [302, 301], [301, 308], [307, 308], [502, 503], [502, 504], [503, 504]];
    for (const [a, b] of pairs) {
      expect(lookupKnowledge(a)?.related.map((r) => r.key), `${a} -> ${b}`).toContain(`HTTP_${b}`);
    }
  });
});

describe('severity defaults', () => {
  const severity = (key: string | number) => lookupKnowledge(key)?.severity;

  it('treats missing pages as errors wherever they point', () => {
    expect(severity(404)).toEqual({ internal: 'error', external: 'error' });
    expect(severity(410)).toEqual({ internal: 'error', external: 'error' });
  });

  it('softens login and refusal answers from other sites', () => {
    expect(severity(401)).toEqual({ internal: 'error', external: 'notice' });
    expect(severity(403)).toEqual({ internal: 'error', external: 'warning' });
  });

  it('treats server errors and timeouts elsewhere as possibly transient', () => {
    for (const key of [500, 502, 503, 504, 'TIMEOUT', 'DNS_TIMEOUT']) {
      expect(severity(key)?.external, String(key)).toBe('warning');
    }
  });

  it('marks every 2xx ok and internal permanent redirects as notices', () => {
    for (const status of range(200, 208)) expect(severity(status)).toEqual({ internal: 'ok', external: 'ok' });
    expect(severity(301)?.internal).toBe('notice');
    expect(severity(308)?.internal).toBe('notice');
  });

  it('asks for a manual check rather than reporting bot refusals as broken', () => {
    for (const key of [999, 'BOT_PROTECTION']) {
      expect(severity(key)).toEqual({ internal: 'notice', external: 'notice' });
      expect(lookupKnowledge(key)?.advice).toMatch(/check manually/i);
    }
  });

  it('never reports skipped URLs above notice', () => {
    for (const code of SKIP_CODES) expect(severity(code)).toEqual({ internal: 'notice', external: 'notice' });
  });

  it('treats internal network failures as errors', () => {
    for (const code of ['DNS_NOT_FOUND', 'DNS_TIMEOUT', 'CONNECTION_REFUSED', 'CONNECTION_RESET', 'CONNECTION_FAILED', 'TIMEOUT']) {
      expect(severity(code)?.internal, code).toBe('error');
    }
  });

  it('reports soft 404s as warnings', () => {
    expect(severity('SOFT_404')).toEqual({ internal: 'warning', external: 'warning' });
  });
});

describe('401 prose', () => {
  it('tells the owner what a 401 means on their own site and on someone else\'s', () => {
    const entry = lookupKnowledge(401);
    expect(entry?.explanation).toMatch(/your authentication is protecting a public page/);
    expect(entry?.explanation).toMatch(/rarely actionable/);
  });
});

describe('lookupKnowledge', () => {
  it.each([401, '401', 'HTTP_401', 'http_401', 'HTTP 401', ' 401 '])('finds 401 from %j', (input) => {
    expect(lookupKnowledge(input)?.key).toBe('HTTP_401');
  });

  it.each(['dns_not_found', 'DNS_NOT_FOUND', 'dns-not-found'])('finds an engine code from %j', (input) => {
    expect(lookupKnowledge(input)?.key).toBe('DNS_NOT_FOUND');
  });

  it('finds class entries by their short name', () => {
    expect(lookupKnowledge('4xx')?.key).toBe('HTTP_4xx');
    expect(lookupKnowledge('http_5XX')?.key).toBe('HTTP_5xx');
  });

  it('falls back to the class entry for unregistered statuses, naming the real status', () => {
    const entry = lookupKnowledge(432);
    expect(entry?.key).toBe('HTTP_4xx');
    expect(entry?.code).toBe(432);
    expect(entry?.title).toContain('432');
    expect(lookupKnowledge('HTTP_4xx')?.code).toBe(400);
  });

  it.each([99, 600, 1000, 404.5, 'nope', '', 'HTTP_', '6xx'])('returns null for %j', (input) => {
    expect(lookupKnowledge(input)).toBeNull();
  });

  it('hands out entries that cannot be changed by one caller for everyone', () => {
    const entry = lookupKnowledge(404);
    expect(Object.isFrozen(entry)).toBe(true);
    expect(Object.isFrozen(entry?.fix)).toBe(true);
  });

  it('lists every entry once', () => {
    const keys = allKnowledgeEntries().map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(REQUIRED_KEYS.length);
  });
});

describe('outcomeKey', () => {
  it('prefers the engine code over the status', () => {
    expect(outcomeKey(200, 'SOFT_404')).toBe('SOFT_404');
    expect(outcomeKey(null, 'TIMEOUT')).toBe('TIMEOUT');
  });

  it('keys a plain HTTP outcome by its status', () => {
    expect(outcomeKey(404, null)).toBe('HTTP_404');
  });

  it('rejects an outcome with neither', () => {
    expect(() => outcomeKey(null, null)).toThrow(TypeError);
  });
});
