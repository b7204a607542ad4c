import { SEVERITIES, type Severity } from '../core/report-types.js';
import { formatCount } from './format-quantity.js';
import type { HtmlReportData } from './html-data.js';
import { escapeHtmlAttribute, escapeHtmlText } from './html-escape.js';
import { SEVERITY_NAMES } from './html-summary.js';

/**
 * The findings section's frame: controls with their counts, the live "showing N of M" line and the
 * empty list the page script fills. Counts are computed here so they are right before any script runs.
 */
export function renderFindingsFrame(data: HtmlReportData): string {
  return [
    '<section class="findings" id="findings" aria-labelledby="findings-heading">',
    '<h2 id="findings-heading">Findings</h2>',
    '<form class="filters" id="filters" role="search" aria-label="Filter findings">',
    renderSeverityFilter(data),
    '<div class="filter-row">',
    renderSelect('filter-scope', 'Links', [
      ['', `All links (${formatCount(data.findings.length)})`],
      ['internal', `Internal (${formatCount(data.findings.filter((finding) => finding.internal).length)})`],
      ['external', `External (${formatCount(data.findings.filter((finding) => !finding.internal).length)})`],
    ]),
    renderSelect('filter-outcome', 'Status / outcome', [['', 'All outcomes'], ...outcomeOptions(data)]),
    renderSelect('filter-kind', 'Resource type', [['', 'All types'], ...countOptions(data.findings.map((finding) => finding.kind))]),
    '<label class="field search-field"><span>Search</span>',
    '<input type="search" id="filter-text" placeholder="URL, page URL or link text" autocomplete="off" spellcheck="false"></label>',
    '<button type="reset" class="reset">Reset filters</button>',
    '</div>',
    '</form>',
    '<p class="showing" id="showing" role="status" aria-live="polite"></p>',
    '<div class="finding-list" id="finding-list"></div>',
    '<button type="button" class="show-more" id="show-more" hidden>Show more</button>',
    '<noscript><p class="note tone-warning">The findings list needs JavaScript. The summary and charts above are complete; the JSON report (<code>--format json</code>) holds every finding.</p></noscript>',
    '</section>',
  ].join('\n');
}

function renderSeverityFilter(data: HtmlReportData): string {
  const counts = countBy(data.findings.map((finding) => finding.severity));
  // Successes are listed only on request: they would bury the problems, unless there is nothing else.
  const onlyOk = data.findings.every((finding) => finding.severity === 'ok');
  const boxes = SEVERITIES.map((severity: Severity) => {
    const checked = severity !== 'ok' || onlyOk ? ' checked' : '';
    const count = formatCount(counts.get(severity) ?? 0);
    return (
      `<label class="chip tone-${severity}"><input type="checkbox" name="severity" value="${severity}"${checked}>` +
      `<span>${SEVERITY_NAMES[severity]}</span> <span class="chip-count">${count}</span></label>`
    );
  });
  return `<fieldset class="severity-filter"><legend>Severity</legend>${boxes.join('')}</fieldset>`;
}

function renderSelect(id: string, label: string, options: Array<[string, string]>): string {
  const items = options.map(
    ([value, text]) => `<option value="${escapeHtmlAttribute(value)}">${escapeHtmlText(text)}</option>`,
  );
  return `<label class="field"><span>${escapeHtmlText(label)}</span><select id="${id}">${items.join('')}</select></label>`;
}

/** One option per outcome key, in list order, labelled like the group headings. */
function outcomeOptions(data: HtmlReportData): Array<[string, string]> {
  const counts = countBy(data.findings.map((finding) => data.groups[finding.group]?.key ?? ''));
  const seen = new Set<string>();
  const options: Array<[string, string]> = [];
  for (const group of data.groups) {
    if (seen.has(group.key)) continue;
    seen.add(group.key);
    options.push([group.key, `${group.label} (${formatCount(counts.get(group.key) ?? 0)})`]);
  }
  return options;
}

function countOptions(values: string[]): Array<[string, string]> {
  return [...countBy(values)]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([value, count]) => [value, `${value} (${formatCount(count)})`]);
}

function countBy<T>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
