/*
 * Page-script half that builds one finding's expanded view. It is plain ES2020 kept as a string so the
 * page needs no bundler and no network. Every crawled string goes in through textContent or a checked
 * href, never through innerHTML. It runs inside the scope HTML_CLIENT_LIST opens, which provides `data`.
 */
export const HTML_CLIENT_DETAIL = String.raw`
var SEVERITY_LABELS = { error: 'Error', warning: 'Warning', notice: 'Notice', ok: 'OK' };
var PLACES_SHOWN = 20;
var numberFormat = new Intl.NumberFormat('en-US');

function fmt(value) {
  return numberFormat.format(value);
}

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function append(parent, children) {
  for (var i = 0; i < children.length; i++) {
    var child = children[i];
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return parent;
}

// Only http(s) becomes a link: a crawled "javascript:" or "data:" URL must stay inert text.
function safeHref(url) {
  var parsed;
  try {
    parsed = new URL(url);
  } catch (error) {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

function urlNode(url, text, unlinkable) {
  var href = unlinkable ? null : safeHref(url);
  var node = el(href ? 'a' : 'span', 'url', text || url);
  if (href) {
    node.href = href;
    node.target = '_blank';
    node.rel = 'noopener noreferrer';
  }
  return node;
}

function fact(list, name, value) {
  var row = el('div');
  var dd = el('dd');
  if (typeof value === 'string') dd.textContent = value;
  else dd.appendChild(value);
  append(row, [el('dt', '', name), dd]);
  list.appendChild(row);
}

function resultText(finding) {
  var parts = [];
  if (finding.status !== undefined) parts.push(String(finding.status));
  if (finding.error) parts.push(finding.error);
  if (parts.length === 0) parts.push('No response');
  return parts.join(' · ') + (finding.title ? ' — ' + finding.title : '');
}

function buildBody(finding) {
  var body = el('div', 'finding-body');
  if (finding.reason) body.appendChild(el('p', 'reason', finding.reason));
  if (finding.advice) body.appendChild(append(el('p', 'advice'), [el('strong', '', 'What to do: '), finding.advice]));
  if (finding.suggestion) {
    body.appendChild(append(el('p', 'suggestion'), ['Did you mean ', urlNode(finding.suggestion), '?']));
  }
  body.appendChild(buildFacts(finding));
  body.appendChild(buildPlaces(finding));
  var group = data.groups[finding.group];
  var entry = data.knowledge[group.key];
  if (entry) body.appendChild(buildKnowledge(entry, group.label, finding));
  return body;
}

function buildFacts(finding) {
  var list = el('dl', 'facts');
  fact(list, 'URL', urlNode(finding.url, finding.display, finding.unlinkable));
  fact(list, 'Result', resultText(finding));
  if (finding.detail) fact(list, 'Error detail', finding.detail);
  if (finding.history) fact(list, 'History', finding.history);
  if (finding.redirects) fact(list, 'Redirects', buildChain(finding));
  if (finding.finalUrl) fact(list, 'Final URL', urlNode(finding.finalUrl));
  var link = (finding.internal ? 'Internal ' : 'External ') + finding.kind;
  fact(list, 'Link', link + (finding.inSitemap ? ', listed in the sitemap' : ''));
  var request = [];
  if (finding.method) request.push(finding.method);
  if (finding.contentType) request.push(finding.contentType);
  request.push(fmt(finding.durationMs) + ' ms');
  if (finding.retries) request.push(finding.retries + (finding.retries === 1 ? ' retry' : ' retries'));
  fact(list, 'Request', request.join(' · '));
  return list;
}

function buildChain(finding) {
  var list = el('ol', 'chain');
  for (var i = 0; i < finding.redirects.length; i++) {
    var hop = finding.redirects[i];
    var target = hop[1] === null ? el('span', 'muted', '(no Location header)') : urlNode(hop[1]);
    list.appendChild(append(el('li'), [el('span', 'hop-status', String(hop[0])), ' to ', target]));
  }
  var end = finding.status !== undefined ? String(finding.status) : finding.error || 'no response';
  list.appendChild(append(el('li', 'chain-end'), ['ends with ', el('span', 'hop-status', end)]));
  return list;
}

function cell(label, content) {
  var td = el('td');
  td.setAttribute('data-label', label);
  if (typeof content === 'string') td.textContent = content;
  else td.appendChild(content);
  return td;
}

function buildPlaces(finding) {
  var wrap = el('div', 'places');
  var recorded = finding.occurrences.length;
  var heading = finding.total === 0 ? 'Not linked from any crawled page' : 'Linked from ' + fmt(finding.total) + (finding.total === 1 ? ' place' : ' places');
  wrap.appendChild(el('h5', '', heading));
  if (recorded === 0) return wrap;
  var table = el('table', 'occurrences');
  var head = el('tr');
  ['Page', 'Line', 'Element', 'Link text'].forEach(function (name) {
    var th = el('th', '', name);
    th.scope = 'col';
    head.appendChild(th);
  });
  var body = el('tbody');
  append(table, [append(el('thead'), [head]), body]);
  function fill(limit) {
    body.textContent = '';
    for (var i = 0; i < Math.min(limit, recorded); i++) {
      var place = finding.occurrences[i];
      var text = place[3] ? el('span', 'anchor-text', place[3]) : el('span', 'muted', '(none)');
      append(body, [append(el('tr'), [
        cell('Page', urlNode(data.pages[place[0]])),
        cell('Line', place[1] >= 1 ? fmt(place[1]) : '–'),
        cell('Element', el('code', '', place[2] || '–')),
        cell('Link text', text),
      ])]);
    }
  }
  fill(PLACES_SHOWN);
  wrap.appendChild(el('div', 'table-wrap')).appendChild(table);
  if (recorded > PLACES_SHOWN) {
    var button = el('button', 'show-all', 'Show all ' + fmt(recorded) + ' places');
    button.type = 'button';
    button.addEventListener('click', function () {
      fill(recorded);
      button.remove();
      // The button vanishes; keep keyboard focus where the new rows start instead of at the page top.
      var next = body.rows[PLACES_SHOWN];
      var link = next ? next.querySelector('a') : null;
      if (link) link.focus();
    });
    wrap.appendChild(button);
  }
  if (finding.total > recorded) {
    wrap.appendChild(el('p', 'muted', 'The scan recorded the first ' + fmt(recorded) + ' of ' + fmt(finding.total) + ' places.'));
  }
  return wrap;
}

function listOf(tag, items) {
  var list = el(tag);
  items.forEach(function (item) {
    list.appendChild(el('li', '', item));
  });
  return list;
}

function buildKnowledge(entry, label, finding) {
  var box = el('section', 'knowledge');
  append(box, [el('h5', '', 'About ' + label), el('p', 'knowledge-summary', entry.summary), el('p', '', entry.explanation)]);
  if (entry.causes.length > 0) append(box, [el('h6', '', 'Common causes'), listOf('ul', entry.causes)]);
  if (!finding.internal && entry.externalAdvice) {
    append(box, [el('h6', '', 'Because it is on another site'), el('p', '', entry.externalAdvice)]);
  }
  if (entry.fix.length > 0) append(box, [el('h6', '', 'How to fix it'), listOf('ol', entry.fix)]);
  return box;
}

function buildFinding(finding) {
  var details = el('details', 'finding tone-' + finding.severity);
  var summary = el('summary');
  var meta = [finding.internal ? 'internal' : 'external', finding.kind];
  if (finding.total > 1) meta.push('linked ' + fmt(finding.total) + '×');
  if (finding.suggestion) meta.push('suggestion');
  append(summary, [
    el('span', 'badge tone-' + finding.severity, SEVERITY_LABELS[finding.severity]),
    el('span', 'finding-url', finding.display || finding.url),
    el('span', 'finding-meta', meta.join(' · ')),
  ]);
  details.appendChild(summary);
  var built = false;
  // Bodies are built on first open: 200 closed summaries are cheap, 200 full tables are not.
  details.addEventListener('toggle', function () {
    if (!details.open || built) return;
    built = true;
    details.appendChild(buildBody(finding));
  });
  return details;
}
`;
