import { describe, expect, it } from 'vitest';
import { cleanScanReport, sampleScanReport } from './sample-scan-report.fixture.js';
import { renderSarifReport } from './sarif-report.js';
import type { SarifLog, SarifResult } from './sarif-types.js';

function render(report = sampleScanReport()): SarifLog {
  return JSON.parse(renderSarifReport(report)) as SarifLog;
}

function resultFor(log: SarifLog, url: string): SarifResult {
  const result = log.runs[0]?.results.find((candidate) => candidate.properties.url === url);
  if (result === undefined) throw new Error(`no result for ${url}`);
  return result;
}

describe('renderSarifReport', () => {
  const log = render();
  const run = log.runs[0];
  const rules = run?.tool.driver.rules ?? [];
  const results = run?.results ?? [];

  it('is a SARIF 2.1.0 log with one run by dislike404', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(run?.tool.driver).toMatchObject({ name: 'dislike404', version: '0.1.0' });
    expect(run?.invocations[0]).toEqual({
      executionSuccessful: true,
      startTimeUtc: '2025-05-01T10:00:00.000Z',
      endTimeUtc: '2025-05-01T10:01:12.300Z',
    });
  });

  it('has one rule per outcome key, each used by a result through a matching index', () => {
    expect(rules.map((rule) => rule.id)).toEqual([
      'BLOCKED_BY_ROBOTS',
      'DNS_NOT_FOUND',
      'FRAGMENT_NOT_FOUND',
      'HTTP_301',
      'HTTP_404',
      'INVALID_URL',
      'SOFT_404',
    ]);
    for (const result of results) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
    expect(rules.find((rule) => rule.id === 'HTTP_404')).toMatchObject({
      name: 'Http404',
      shortDescription: { text: '404 Not Found' },
      defaultConfiguration: { level: 'error' },
    });
  });

  it('leaves out successes and maps severities to SARIF levels', () => {
    expect(results).toHaveLength(9);
    expect(resultFor(log, 'https://shop.example.com/pricing-old').level).toBe('error');
    expect(resultFor(log, 'https://shop.example.com/docs#instal').level).toBe('warning');
    expect(resultFor(log, 'https://shop.example.com/admin/').level).toBe('note');
    expect(results.some((result) => result.properties.url === 'https://shop.example.com/')).toBe(false);
  });

  it('locates a result on every page that links it, with the line', () => {
    const pricing = resultFor(log, 'https://shop.example.com/pricing-old');
    expect(pricing.locations).toEqual([
      {
        physicalLocation: { artifactLocation: { uri: 'https://shop.example.com/' }, region: { startLine: 12 } },
        message: { text: 'line 12, <a> "<script>alert("x")</script>"' },
      },
      {
        physicalLocation: { artifactLocation: { uri: 'https://shop.example.com/blog/launch' }, region: { startLine: 31 } },
        message: { text: `line 31, <a> "=cmd|' /C calc'!A0"` },
      },
      {
        physicalLocation: { artifactLocation: { uri: 'https://shop.example.com/features' }, region: { startLine: 40 } },
        message: { text: 'line 40, <a> "Say "hi", then read on"' },
      },
    ]);
    expect(resultFor(log, 'https://shop.example.com/assets/logo.png').locations).toHaveLength(50);
  });

  it('says what is wrong and what to do in the message', () => {
    expect(resultFor(log, 'https://cdn.nonexistent.invalid/lib.js').message.text).toBe(
      'DNS_NOT_FOUND — DNS name not found: https://cdn.nonexistent.invalid/lib.js. ' +
        'No DNS record exists for this host, so the script can never load. ' +
        'Check the host name for typos or host the script yourself.',
    );
    expect(resultFor(log, 'https://shop.example.com/docs#instal').message.text).toContain(
      'Did you mean https://shop.example.com/docs#install?',
    );
    expect(resultFor(log, 'http://exa mple.com/a b').message.text).toContain('"http://exa mple.com/a b"');
  });

  it('fingerprints results stably and distinctly across runs', () => {
    const again = render();
    const fingerprints = results.map((result) => Object.values(result.partialFingerprints)[0]);
    expect(new Set(fingerprints).size).toBe(results.length);
    expect(again.runs[0]?.results.map((result) => Object.values(result.partialFingerprints)[0])).toEqual(fingerprints);
  });

  it('locates a URL nobody links to at the URL itself', () => {
    const report = sampleScanReport();
    const orphan = report.findings.find((finding) => finding.url === 'https://shop.example.com/sale');
    if (orphan === undefined) throw new Error('fixture changed');
    orphan.occurrences = [];
    orphan.occurrenceCount = 0;
    expect(resultFor(render(report), 'https://shop.example.com/sale').locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'https://shop.example.com/sale' } } },
    ]);
  });

  it('has no rules or results for a clean scan', () => {
    const clean = render(cleanScanReport());
    expect(clean.runs[0]?.tool.driver.rules).toEqual([]);
    expect(clean.runs[0]?.results).toEqual([]);
  });
});
