import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/report-types.js';
import { diffScans, historyVerdict } from './diff-scans.js';
import type { UrlHistoryEntry } from './store.js';

const f = (url: string, category: Finding['category'] = 'broken'): Finding =>
  ({ url, category, severity: 'error', status: 404, error: null } as Finding);
const h = (startedAt: string, outcome: UrlHistoryEntry['outcome']): UrlHistoryEntry => ({ scanId: startedAt, startedAt, outcome, code: null });

describe('diffScans', () => {
  const previous = { startedAt: '2026-01-02', findings: [f('a'), f('b'), f('r', 'redirected')] };
  const current = { startedAt: '2026-01-03', findings: [f('b'), f('c'), f('r')] };

  it('labels findings new, still broken and fixed', () => {
    expect(diffScans(previous, current).map((d) => [d.url, d.change, d.firstSeenAt])).toEqual([
      ['b', 'still_broken', '2026-01-02'],
      ['c', 'new', '2026-01-03'],
      ['r', 'new', '2026-01-03'],
      ['a', 'fixed', '2026-01-02'],
    ]);
  });

  it('dates a still-broken URL from the start of its unbroken failing run', () => {
    const history = new Map([['b', [h('2026-01-03', 'failing'), h('2026-01-02', 'failing'), h('2026-01-01', 'failing'), h('2025-12-31', 'ok'), h('2025-12-30', 'failing')]]]);
    expect(diffScans(previous, current, { history }).find((d) => d.url === 'b')?.firstSeenAt).toBe('2026-01-01');
  });
});

describe('historyVerdict', () => {
  it('tells failing, flaky and ok apart, ignoring scans without the URL', () => {
    expect(historyVerdict([h('3', 'failing'), h('2', 'failing'), h('1', 'absent')])).toBe('failing');
    expect(historyVerdict([h('3', 'failing'), h('2', 'ok')])).toBe('flaky');
    expect(historyVerdict([h('3', 'ok')])).toBe('ok');
    expect(historyVerdict([])).toBe('unknown');
  });
});
