import { HTML_CLIENT_DETAIL } from './html-client-detail.js';

/*
 * Page-script half that filters and lists findings. The whole data set is filtered in memory (a plain
 * loop over precomputed lower-case text, a few ms for 20,000 findings) but only PAGE_SIZE findings
 * enter the DOM at a time, so the page stays light however large the scan.
 */
const HTML_CLIENT_LIST = String.raw`
var PAGE_SIZE = 200;
var SECTION_TITLES = { error: '✖ Errors', warning: '⚠ Warnings', notice: 'ℹ Notices', ok: '✔ OK' };
var list = document.getElementById('finding-list');
var showing = document.getElementById('showing');
var more = document.getElementById('show-more');
var form = document.getElementById('filters');
var scope = document.getElementById('filter-scope');
var outcome = document.getElementById('filter-outcome');
var kind = document.getElementById('filter-kind');
var search = document.getElementById('filter-text');
var severityBoxes = Array.prototype.slice.call(form.querySelectorAll('input[name="severity"]'));

var haystacks = data.findings.map(function (finding) {
  var parts = [finding.url, finding.display || '', finding.finalUrl || '', finding.suggestion || ''];
  for (var i = 0; i < finding.occurrences.length; i++) {
    parts.push(data.pages[finding.occurrences[i][0]], finding.occurrences[i][3]);
  }
  return parts.join('\n').toLowerCase();
});

var matches = [];
var groupCounts = [];
var severityCounts = {};
var rendered = 0;
var lastGroup = -1;
var lastSeverity = null;

function applyFilters() {
  var severities = {};
  severityBoxes.forEach(function (box) {
    severities[box.value] = box.checked;
  });
  var terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
  matches = [];
  groupCounts = data.groups.map(function () {
    return 0;
  });
  severityCounts = {};
  for (var i = 0; i < data.findings.length; i++) {
    var finding = data.findings[i];
    if (!severities[finding.severity]) continue;
    if (scope.value === 'internal' && !finding.internal) continue;
    if (scope.value === 'external' && finding.internal) continue;
    if (outcome.value && data.groups[finding.group].key !== outcome.value) continue;
    if (kind.value && finding.kind !== kind.value) continue;
    if (!matchesTerms(haystacks[i], terms)) continue;
    matches.push(i);
    groupCounts[finding.group] += 1;
    severityCounts[finding.severity] = (severityCounts[finding.severity] || 0) + 1;
  }
  list.textContent = '';
  rendered = 0;
  lastGroup = -1;
  lastSeverity = null;
  showing.textContent = 'Showing ' + fmt(matches.length) + ' of ' + fmt(data.findings.length) + ' findings';
  if (matches.length === 0) list.appendChild(el('p', 'empty', 'No findings match these filters.'));
  renderNext();
}

function matchesTerms(haystack, terms) {
  for (var i = 0; i < terms.length; i++) {
    if (haystack.indexOf(terms[i]) === -1) return false;
  }
  return true;
}

function renderNext() {
  var end = Math.min(matches.length, rendered + PAGE_SIZE);
  var fragment = document.createDocumentFragment();
  var first = null;
  for (; rendered < end; rendered++) {
    var finding = data.findings[matches[rendered]];
    if (finding.severity !== lastSeverity) {
      lastSeverity = finding.severity;
      var title = SECTION_TITLES[finding.severity] + ' (' + fmt(severityCounts[finding.severity]) + ')';
      fragment.appendChild(el('h3', 'section-heading tone-' + finding.severity, title));
    }
    if (finding.group !== lastGroup) {
      lastGroup = finding.group;
      fragment.appendChild(groupHeading(finding.group));
    }
    var node = buildFinding(finding);
    if (!first) first = node;
    fragment.appendChild(node);
  }
  list.appendChild(fragment);
  var left = matches.length - rendered;
  more.hidden = left === 0;
  more.textContent = 'Show ' + fmt(Math.min(PAGE_SIZE, left)) + ' more (' + fmt(left) + ' not listed yet)';
  return first;
}

function groupHeading(index) {
  var group = data.groups[index];
  var heading = el('div', 'group-heading');
  var title = append(el('h4'), [group.label + ' ', el('span', 'group-count', '(' + fmt(groupCounts[index]) + ')')]);
  heading.appendChild(title);
  var entry = data.knowledge[group.key];
  if (entry) heading.appendChild(el('p', 'group-summary', entry.summary));
  return heading;
}

// Filtering is fast enough to run on every keystroke; coalescing per frame only drops wasted work.
var pending = false;
function scheduleFilters() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(function () {
    pending = false;
    applyFilters();
  });
}

form.addEventListener('input', scheduleFilters);
form.addEventListener('change', scheduleFilters);
form.addEventListener('submit', function (event) {
  event.preventDefault();
});
// The reset event fires before the controls change back; filter once they have.
form.addEventListener('reset', function () {
  setTimeout(applyFilters, 0);
});
more.addEventListener('click', function () {
  var first = renderNext();
  if (first) first.querySelector('summary').focus();
});
Array.prototype.forEach.call(document.querySelectorAll('[data-outcome]'), function (link) {
  link.addEventListener('click', function () {
    outcome.value = link.getAttribute('data-outcome');
    applyFilters();
  });
});
applyFilters();
`;

/** The complete page script: reads the embedded JSON, wires the filters, lists the first findings. */
export const HTML_CLIENT_SCRIPT = [
  '(function () {',
  "'use strict';",
  "var data = JSON.parse(document.getElementById('report-data').textContent);",
  HTML_CLIENT_DETAIL,
  HTML_CLIENT_LIST,
  '})();',
].join('\n');
