import { createHash } from 'node:crypto';
import type { Finding, ScanReport, Severity } from '../core/report-types.js';
import { describeOccurrence } from './describe-occurrence.js';
import { displayUrl } from './display-url.js';
import { groupFindings, sortOccurrences } from './group-findings.js';
import { outcomeKey, outcomeLabel } from './outcome-key.js';
import { describeSuppression } from './suppressed-findings.js';
import type { SarifLevel, SarifLocation, SarifLog, SarifResult, SarifRule } from './sarif-types.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://github.com/dislike404/dislike404';
const FINGERPRINT_KEY = 'dislike404/url/v1';

const LEVELS: Record<Exclude<Severity, 'ok'>, SarifLevel> = { error: 'error', warning: 'warning', notice: 'note' };
const LEVEL_RANK: Record<SarifLevel, number> = { error: 0, warning: 1, note: 2, none: 3 };

/**
 * SARIF 2.1.0 for code-scanning dashboards: one rule per outcome key, one result per problem URL with
 * a location on every page that links it. Successes are left out: SARIF lists problems.
 */
export function renderSarifReport(report: ScanReport): string {
  const findings = groupFindings(report.findings, { includeOk: false }).flatMap((section) =>
    section.groups.flatMap((group) => group.findings),
  );
  const rules = buildRules(findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = findings.map((finding) => buildResult(finding, ruleIndex.get(outcomeKey(finding)) ?? -1));

  const log: SarifLog = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: report.tool.name, version: report.tool.version, informationUri: INFORMATION_URI, rules },
        },
        invocations: [
          {
            // The scan itself ran; broken links are results, not a failed execution.
            executionSuccessful: !report.summary.limitsHit.includes('aborted'),
            startTimeUtc: report.summary.startedAt,
            endTimeUtc: report.summary.finishedAt,
          },
        ],
        results,
        properties: { startUrl: report.summary.startUrl, summary: report.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function buildRules(findings: readonly Finding[]): SarifRule[] {
  const byKey = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = outcomeKey(finding);
    byKey.set(key, [...(byKey.get(key) ?? []), finding]);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, members]) => {
      const first = members[0] as Finding;
      const label = outcomeLabel(first);
      const level = members.map(levelOf).sort((a, b) => LEVEL_RANK[a] - LEVEL_RANK[b])[0] ?? 'note';
      // Reasons and advice often name the URL or differ between internal and external links;
      // the rule only carries them when every result agrees, so it never misleads.
      const reasons = new Set(members.map((finding) => finding.reason));
      const advice = new Set(members.map((finding) => finding.advice));
      const rule: SarifRule = {
        id: key,
        name: ruleName(key),
        shortDescription: { text: label },
        fullDescription: { text: reasons.size === 1 && first.reason !== '' ? `${label}: ${first.reason}` : label },
        defaultConfiguration: { level },
        properties: { tags: ['links', first.category] },
      };
      if (advice.size === 1 && first.advice !== '') rule.help = { text: first.advice };
      return rule;
    });
}

function buildResult(finding: Finding, ruleIndex: number): SarifResult {
  const key = outcomeKey(finding);
  const text = [`${outcomeLabel(finding)}: ${displayUrl(finding)}.`, finding.reason, finding.advice]
    .concat(finding.suggestion === null ? [] : [`Did you mean ${finding.suggestion}?`])
    .filter((part) => part !== '')
    .join(' ');
  return {
    ruleId: key,
    ruleIndex,
    level: levelOf(finding),
    message: { text },
    locations: locationsOf(finding),
    partialFingerprints: {
      [FINGERPRINT_KEY]: createHash('sha256').update(`${key}\n${finding.url}`).digest('hex'),
    },
    properties: {
      url: finding.url,
      status: finding.status,
      error: finding.error,
      severity: finding.severity,
      category: finding.category,
      internal: finding.internal,
      kind: finding.kind,
      finalUrl: finding.finalUrl,
      redirects: finding.redirects,
      suggestion: finding.suggestion,
      occurrenceCount: finding.occurrenceCount,
    },
    ...(finding.suppressedBy === null ? {} : { suppressions: [{ kind: 'external' as const, justification: describeSuppression(finding.suppressedBy) }] }),
  };
}

function locationsOf(finding: Finding): SarifLocation[] {
  const occurrences = sortOccurrences(finding.occurrences);
  // A URL nobody links to (the start URL, a sitemap-only entry) is located at itself.
  if (occurrences.length === 0) {
    return URL.canParse(finding.url) ? [{ physicalLocation: { artifactLocation: { uri: finding.url } } }] : [];
  }
  return occurrences.map((occurrence) => {
    const location: SarifLocation = { physicalLocation: { artifactLocation: { uri: occurrence.page } } };
    if (occurrence.line >= 1) location.physicalLocation.region = { startLine: occurrence.line };
    const where = describeOccurrence(occurrence);
    if (where !== '') location.message = { text: where };
    return location;
  });
}

function levelOf(finding: Finding): SarifLevel {
  return finding.severity === 'ok' ? 'none' : LEVELS[finding.severity];
}

/** `HTTP_404` → `Http404`, `DNS_NOT_FOUND` → `DnsNotFound`: SARIF rule names are identifiers. */
function ruleName(key: string): string {
  return key
    .toLowerCase()
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
