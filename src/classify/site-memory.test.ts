import { describe, expect, it } from 'vitest';
import type { Finding, ScanReport } from '../core/report-types.js';
import { makeFinding, sampleScanReport } from '../report/sample-scan-report.fixture.js';
import type { BlacklistRule } from '../store/blacklist-rule.js';
import type { UrlHistoryEntry, UrlOutcome } from '../store/store.js';
import { applySiteMemory, DEFAULT_FAILURE_THRESHOLD, isTransientExternalFailure, type SiteMemory } from './site-memory.js';

const NOW = '2026-03-10T08:00:00.000Z';
const FLAKY = 'https://api.partner.test/status';

function rule(overrides: Partial<BlacklistRule> & Pick<BlacklistRule, 'pattern'>): BlacklistRule {
  return { id: 'rule-0001-aaaa', siteId: 'site-1', kind: 'exact', statusCodes: null, errorCodes: null, scope: 'any', note: '', author: null, createdAt: NOW, ...overrides };
}

/** Newest first, one day apart before NOW, as `Store.urlHistory` returns them. */
function past(...outcomes: UrlOutcome[]): UrlHistoryEntry[] {
  return outcomes.map((outcome, i) => ({
    scanId: `scan-${i}`,
    startedAt: new Date(Date.parse(NOW) - (i + 1) * 86_400_000).toISOString(),
    outcome,
    code: outcome === 'failing' ? 'HTTP_503' : outcome === 'ok' ? 'HTTP_200' : null,
  }));
}

function external503(overrides: Partial<Finding> = {}): Finding {
  return makeFinding({ url: FLAKY, status: 503, internal: false, severity: 'warning', title: 'Service Unavailable', reason: 'The other site failed this time.', ...overrides });
}

function reportOf(findings: Finding[]): ScanReport {
  const report = sampleScanReport();
  return { ...report, summary: { ...report.summary, startedAt: NOW }, findings };
}

function memory(overrides: Partial<SiteMemory> = {}): SiteMemory {
  return { rules: [], history: new Map(), failureThreshold: DEFAULT_FAILURE_THRESHOLD, ...overrides };
}

function only(report: ScanReport): Finding {
  const [first] = report.findings;
  if (first === undefined) throw new Error('no finding');
  return first;
}

describe('applySiteMemory: blacklist', () => {
  it('marks matched findings suppressed, keeps them in the data, and leaves them out of every count but byCode', () => {
    const report = sampleScanReport();
    const target = report.findings.find((f) => f.severity === 'error' && f.internal);
    if (target === undefined) throw new Error('fixture has no internal error');
    const r = rule({ pattern: target.url, note: 'page retired on purpose' });
    const judged = applySiteMemory(report, memory({ rules: [r] }));

    expect(judged.findings).toHaveLength(report.findings.length);
    const marked = judged.findings.find((f) => f.url === target.url);
    expect(marked?.suppressedBy).toEqual({ ruleId: r.id, kind: 'exact', pattern: target.url, note: 'page retired on purpose' });
    expect(marked?.severity).toBe('error');
    expect(judged.summary.suppressed).toBe(1);
    expect(judged.summary.findings).toBe(report.findings.length - 1);
    expect(judged.summary.broken).toBe(report.findings.filter((f) => f.category === 'broken').length - 1);
    expect(judged.summary.bySeverity.error).toBe(report.findings.filter((f) => f.severity === 'error').length - 1);
    expect(judged.summary.byCode).toEqual(report.summary.byCode);
    expect(judged.findings.filter((f) => f.suppressedBy !== null)).toHaveLength(1);
  });

  it('applies a rule narrowed to statuses only to those statuses', () => {
    const gone = makeFinding({ url: 'https://x.test/old/a', status: 410 });
    const missing = makeFinding({ url: 'https://x.test/old/b', status: 404 });
    const judged = applySiteMemory(reportOf([gone, missing]), memory({ rules: [rule({ kind: 'prefix', pattern: 'https://x.test/old/', statusCodes: [410] })] }));
    expect(judged.findings.map((f) => f.suppressedBy !== null)).toEqual([true, false]);
    expect(judged.summary).toMatchObject({ suppressed: 1, broken: 1, findings: 1 });
  });

  it('matches error codes and respects the rule scope', () => {
    const dnsExternal = makeFinding({ url: 'https://gone.invalid/', status: null, error: 'DNS_NOT_FOUND', internal: false, severity: 'warning' });
    const internal = makeFinding({ url: 'https://x.test/gone.invalid/', status: null, error: 'DNS_NOT_FOUND' });
    const rules = [rule({ kind: 'regex', pattern: 'gone\\.invalid', errorCodes: ['DNS_NOT_FOUND'], scope: 'external' })];
    const judged = applySiteMemory(reportOf([dnsExternal, internal]), memory({ rules }));
    expect(judged.findings.map((f) => f.suppressedBy?.kind ?? null)).toEqual(['regex', null]);
  });

  it('never suppresses a URL that is fine, so a rule cannot hide successes from --all counts', () => {
    const fine = makeFinding({ url: 'https://x.test/ok', status: 200, severity: 'ok', category: 'ok' });
    const judged = applySiteMemory(reportOf([fine]), memory({ rules: [rule({ kind: 'prefix', pattern: 'https://x.test/' })] }));
    expect(only(judged).suppressedBy).toBeNull();
    expect(judged.summary.bySeverity.ok).toBe(1);
  });

  it('ignores a stored rule that no longer validates instead of failing the scan', () => {
    const judged = applySiteMemory(reportOf([makeFinding({ url: 'https://x.test/a' })]), memory({ rules: [rule({ kind: 'regex', pattern: '(' })] }));
    expect(only(judged).suppressedBy).toBeNull();
  });

  it('is pure and idempotent: the input is untouched and a second pass changes nothing', () => {
    const report = reportOf([makeFinding({ url: 'https://x.test/a' }), external503()]);
    const before = structuredClone(report);
    const m = memory({ rules: [rule({ pattern: 'https://x.test/a' })], history: new Map([[FLAKY, past('failing')]]) });
    const once = applySiteMemory(report, m);
    expect(report).toEqual(before);
    expect(applySiteMemory(once, m)).toEqual(once);
  });
});

describe('applySiteMemory: history', () => {
  it('keeps a first-time external 5xx a warning and says when it would become an error', () => {
    const judged = only(applySiteMemory(reportOf([external503()]), memory()));
    expect(judged.severity).toBe('warning');
    expect(judged.reason).toBe('Failed in the first scan that checked it; often temporary, so an error once it fails 2 scans in a row.');
    expect(judged.history).toBeNull();
  });

  it('makes it an error after failing in N consecutive scans, the current one included', () => {
    const history = new Map([[FLAKY, past('failing', 'ok')]]);
    const judged = applySiteMemory(reportOf([external503()]), memory({ history }));
    expect(only(judged)).toMatchObject({
      severity: 'error',
      reason: 'Failing in the last 2 scans: the other site has not recovered, so the link is treated as broken.',
      history: { failingScans: 2, scansSeen: 3, firstSeen: past('failing')[0]?.startedAt },
    });
    expect(judged.summary.bySeverity).toMatchObject({ error: 1, warning: 0 });
  });

  it('calls a single failure in ten scans flaky', () => {
    const history = new Map([[FLAKY, past(...Array<UrlOutcome>(9).fill('ok'))]]);
    const judged = only(applySiteMemory(reportOf([external503()]), memory({ history })));
    expect(judged.severity).toBe('warning');
    expect(judged.reason).toBe('Failed once in the last 10 scans (flaky); an error once it fails 2 scans in a row.');
    expect(judged.history).toEqual({ failingScans: 1, scansSeen: 10, firstSeen: NOW });
  });

  it('counts scattered failures and a streak still short of the threshold', () => {
    const scattered = only(applySiteMemory(reportOf([external503()]), memory({ history: new Map([[FLAKY, past('ok', 'failing', 'ok', 'failing', 'ok')]]) })));
    expect(scattered.reason).toBe('Failed 3 times in the last 6 scans (flaky); an error once it fails 2 scans in a row.');
    const streak = only(applySiteMemory(reportOf([external503()]), memory({ history: new Map([[FLAKY, past('failing', 'ok')]]), failureThreshold: 3 })));
    expect(streak).toMatchObject({ severity: 'warning', reason: 'Failing in the last 2 scans; an error once it fails 3 scans in a row.' });
  });

  it('skips scans that did not check the URL: they neither break nor extend a streak', () => {
    const judged = only(applySiteMemory(reportOf([external503()]), memory({ history: new Map([[FLAKY, past('absent', 'failing', 'absent')]]) })));
    expect(judged.severity).toBe('error');
    expect(judged.history).toEqual({ failingScans: 2, scansSeen: 2, firstSeen: past('absent', 'failing')[1]?.startedAt });
  });

  it('treats timeouts and refused or reset connections like 5xx', () => {
    for (const error of ['TIMEOUT', 'CONNECTION_REFUSED', 'CONNECTION_RESET', 'CONNECTION_FAILED', 'DNS_TIMEOUT'] as const) {
      const finding = external503({ status: null, error });
      expect(isTransientExternalFailure(finding)).toBe(true);
      expect(only(applySiteMemory(reportOf([finding]), memory({ history: new Map([[FLAKY, past('failing')]]) }))).severity).toBe('error');
    }
  });

  it('leaves internal failures, external 404s and user severity overrides as classified', () => {
    const history = new Map<string, UrlHistoryEntry[]>();
    const internal = makeFinding({ url: 'https://x.test/api', status: 500, reason: 'Internal 500.' });
    const gone = makeFinding({ url: 'https://other.test/gone', status: 404, internal: false, reason: 'No longer exists.' });
    const overridden = external503({ url: 'https://quiet.test/', severity: 'notice', reason: 'Overridden.' });
    for (const f of [internal, gone, overridden]) history.set(f.url, past('ok'));
    const judged = applySiteMemory(reportOf([internal, gone, overridden]), memory({ history }));
    expect(judged.findings.map((f) => [f.severity, f.reason])).toEqual([
      ['error', 'Internal 500.'],
      ['error', 'No longer exists.'],
      ['notice', 'Overridden.'],
    ]);
    expect(isTransientExternalFailure(gone)).toBe(false);
  });

  it('adds history to every finding that has some, with firstSeen null for one that is not failing', () => {
    const redirect = makeFinding({ url: 'https://x.test/old', status: 200, category: 'redirected', severity: 'notice' });
    const broken = makeFinding({ url: 'https://x.test/missing' });
    const fresh = makeFinding({ url: 'https://x.test/new-link' });
    const history = new Map([
      [redirect.url, past('ok', 'ok')],
      [broken.url, past('failing', 'failing', 'ok')],
      [fresh.url, past('absent')],
    ]);
    const judged = applySiteMemory(reportOf([redirect, broken, fresh]), memory({ history }));
    expect(judged.findings.map((f) => f.history)).toEqual([
      { failingScans: 0, scansSeen: 3, firstSeen: null },
      { failingScans: 3, scansSeen: 4, firstSeen: past('failing', 'failing')[1]?.startedAt },
      null,
    ]);
  });
});
