import { lookupKnowledge } from '../classify/knowledge/knowledge-base.js';
import type { KnowledgeEntry } from '../classify/knowledge/knowledge-entry.js';
import type { Finding, FindingCategory, ScanReport, Severity } from '../core/report-types.js';
import type { LinkOccurrence, ResourceKind } from '../core/types.js';
import { describeOccurrence } from './describe-occurrence.js';
import { displayUrl } from './display-url.js';
import { groupFindings, sortOccurrences, totalOccurrences } from './group-findings.js';
import { safeHttpHref } from './html-escape.js';
import { toSingleLine } from './single-line.js';
import { describeHistory } from './suppressed-findings.js';

/**
 * What the HTML report's page script reads. Empty fields are left out and repeated strings (page
 * URLs, knowledge prose) are stored once, because a 20,000-finding scan must still open quickly.
 */
export interface HtmlReportData {
  /** Every page that holds a link, referenced by index from occurrences. */
  pages: string[];
  /** One per (severity, outcome) pair, in the order the text report prints them. */
  groups: HtmlGroup[];
  /** Keyed by outcome key; each entry appears once however many findings share it. */
  knowledge: Record<string, HtmlKnowledge>;
  /** In display order: severity, then outcome group, then internal before external. */
  findings: HtmlFinding[];
}

export interface HtmlGroup {
  key: string;
  label: string;
  severity: Severity;
}

export interface HtmlKnowledge {
  title: string;
  summary: string;
  explanation: string;
  causes: string[];
  fix: string[];
  externalAdvice: string;
}

/** `[page index, line, element label, anchor text]`: tuples keep 20,000 findings' pages compact. */
export type HtmlOccurrence = [number, number, string, string];

/** `[status, location or null]` per redirect hop. */
export type HtmlHop = [number, string | null];

export interface HtmlFinding {
  group: number;
  /** The URL as recorded; the page script links it only when it parses as http(s). */
  url: string;
  /** Present when the text to show differs from `url` (quoted invalid URLs, control characters). */
  display?: string;
  /**
   * Set when Node's URL parser rejects the URL or it is not http(s). Browsers' parsers are laxer
   * (Chromium accepts `http://exa mple.com`), so the server's verdict is the one that counts.
   */
  unlinkable?: true;
  severity: Severity;
  category: FindingCategory;
  internal: boolean;
  kind: ResourceKind;
  status?: number;
  error?: string;
  detail?: string;
  title: string;
  reason: string;
  advice: string;
  suggestion?: string;
  finalUrl?: string;
  redirects?: HtmlHop[];
  contentType?: string;
  method?: string;
  durationMs: number;
  retries?: number;
  inSitemap?: true;
  /** One phrase about the URL in earlier scans of the site, when the store had any. */
  history?: string;
  occurrences: HtmlOccurrence[];
  /** True number of places, which can exceed `occurrences.length` when the engine capped them. */
  total: number;
}

export function buildHtmlReportData(report: ScanReport): HtmlReportData {
  const pages = new Interner();
  const groups: HtmlGroup[] = [];
  const knowledge: Record<string, HtmlKnowledge> = {};
  const findings: HtmlFinding[] = [];

  for (const section of groupFindings(report.findings, { includeOk: true })) {
    for (const group of section.groups) {
      const groupIndex = groups.push({ key: group.key, label: toSingleLine(group.label), severity: section.severity }) - 1;
      if (!(group.key in knowledge)) {
        const entry = lookupKnowledge(group.key);
        if (entry !== null) knowledge[group.key] = toHtmlKnowledge(entry);
      }
      for (const finding of group.findings) findings.push(toHtmlFinding(finding, groupIndex, pages));
    }
  }
  return { pages: pages.values, groups, knowledge, findings };
}

function toHtmlKnowledge(entry: KnowledgeEntry): HtmlKnowledge {
  const { title, summary, explanation, causes, fix, externalAdvice } = entry;
  return { title, summary, explanation, causes: [...causes], fix: [...fix], externalAdvice };
}

function toHtmlFinding(finding: Finding, group: number, pages: Interner): HtmlFinding {
  const display = toSingleLine(displayUrl(finding));
  const html: HtmlFinding = {
    group,
    url: finding.url,
    severity: finding.severity,
    category: finding.category,
    internal: finding.internal,
    kind: finding.kind,
    title: toSingleLine(finding.title),
    reason: toSingleLine(finding.reason),
    advice: toSingleLine(finding.advice),
    durationMs: Math.round(finding.durationMs),
    occurrences: sortOccurrences(finding.occurrences).map((occurrence) => toHtmlOccurrence(occurrence, pages)),
    total: totalOccurrences(finding),
  };
  if (display !== finding.url) html.display = display;
  if (finding.error === 'INVALID_URL' || safeHttpHref(finding.url) === null) html.unlinkable = true;
  if (finding.status !== null) html.status = finding.status;
  if (finding.error !== null) html.error = finding.error;
  if (hasText(finding.errorDetail)) html.detail = toSingleLine(finding.errorDetail);
  if (hasText(finding.suggestion)) html.suggestion = finding.suggestion;
  if (finding.finalUrl !== '' && finding.finalUrl !== finding.url) html.finalUrl = finding.finalUrl;
  if (finding.redirects.length > 0) html.redirects = finding.redirects.map((hop) => [hop.status, hop.location]);
  if (hasText(finding.contentType)) html.contentType = toSingleLine(finding.contentType);
  if (finding.method !== null) html.method = finding.method;
  if (finding.retries > 0) html.retries = finding.retries;
  if (finding.inSitemap) html.inSitemap = true;
  const history = describeHistory(finding.history);
  if (history !== null) html.history = history;
  return html;
}

function toHtmlOccurrence(occurrence: LinkOccurrence, pages: Interner): HtmlOccurrence {
  // Without text and line, describeOccurrence names only the element: `<img srcset>`, `CSS url()`.
  const element = describeOccurrence({ ...occurrence, text: '', line: 0 });
  return [pages.indexOf(occurrence.page), occurrence.line, element, toSingleLine(occurrence.text)];
}

function hasText(value: string | null): value is string {
  return value !== null && value !== '';
}

class Interner {
  readonly values: string[] = [];
  readonly #index = new Map<string, number>();

  indexOf(value: string): number {
    let index = this.#index.get(value);
    if (index === undefined) {
      index = this.values.push(value) - 1;
      this.#index.set(value, index);
    }
    return index;
  }
}
