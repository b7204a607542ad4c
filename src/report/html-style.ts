/*
 * The report's only stylesheet, inlined because the file must open offline and the CSP forbids fetching
 * one. System fonts only; colours come from variables so dark mode is one block.
 */
export const HTML_REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f5f6f8; --surface: #ffffff; --text: #1b2130; --muted: #5c6575; --border: #dde1e8; --track: #edf0f4;
  --accent: #3b5bdb; --error: #c92a2a; --warning: #b35c00; --notice: #1c6dd0; --ok: #2b8a3e; --neutral: #748092;
  --error-bg: #fff0f0; --warning-bg: #fff6e5; --notice-bg: #eef5ff; --ok-bg: #edf9f0;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1318; --surface: #181d25; --text: #e4e8ef; --muted: #9aa4b4; --border: #2b323e; --track: #232a35;
    --accent: #8ea6ff; --error: #ff7b7b; --warning: #f2b252; --notice: #74adf7; --ok: #6bcf86; --neutral: #8e9aad;
    --error-bg: #3a1d20; --warning-bg: #3a2c16; --notice-bg: #172a42; --ok-bg: #183222;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body {
  margin: 0; background: var(--bg); color: var(--text); line-height: 1.5;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1120px; margin: 0 auto; padding: 24px 20px 64px; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, summary:focus-visible, select:focus-visible, input:focus-visible {
  outline: 3px solid var(--accent); outline-offset: 2px;
}
h1, h2, h3, h4, h5, h6 { line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 0 0 12px; }
.masthead { margin-bottom: 16px; }
.brand { margin: 0; color: var(--muted); font-size: .85rem; text-transform: uppercase; letter-spacing: .06em; font-weight: 600; }
.brand span { font-weight: 400; }
.masthead h1 { font-size: 1.6rem; margin: 4px 0; overflow-wrap: anywhere; }
.masthead h1 a { color: inherit; text-decoration: none; }
.masthead h1 a:hover { text-decoration: underline; }
.when { margin: 0; color: var(--muted); }
.verdict { margin: 0 0 20px; padding: 12px 16px; border-radius: 10px; font-weight: 600; border: 1px solid; }
.verdict.tone-error { background: var(--error-bg); color: var(--error); }
.verdict.tone-warning { background: var(--warning-bg); color: var(--warning); }
.verdict.tone-ok { background: var(--ok-bg); color: var(--ok); }
.summary, .charts .chart, .findings {
  background: var(--surface); border: 1px solid var(--border); border-radius: 12px; padding: 18px 20px; margin-bottom: 20px;
}
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 12px; margin: 0 0 16px; }
.stats div { border-left: 3px solid var(--border); padding-left: 10px; }
.stats dt { color: var(--muted); font-size: .8rem; }
.stats dd { margin: 0; font-size: 1.35rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.cards { list-style: none; margin: 0 0 12px; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 10px; }
.card { border-radius: 10px; padding: 10px 14px; display: flex; align-items: baseline; gap: 8px; border: 1px solid var(--border); }
.card-icon { font-size: 1rem; }
.card-count { font-size: 1.4rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.card.tone-error { background: var(--error-bg); color: var(--error); }
.card.tone-warning { background: var(--warning-bg); color: var(--warning); }
.card.tone-notice { background: var(--notice-bg); color: var(--notice); }
.card.tone-ok { background: var(--ok-bg); color: var(--ok); }
.categories { margin: 0; color: var(--muted); display: flex; flex-wrap: wrap; gap: 6px 16px; }
.categories strong { color: var(--text); font-variant-numeric: tabular-nums; }
.notes { list-style: none; padding: 0; margin: 12px 0 0; display: grid; gap: 6px; }
.note { padding: 8px 12px; border-radius: 8px; background: var(--track); }
.note.tone-warning { background: var(--warning-bg); color: var(--warning); font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 20px; margin-bottom: 20px; }
.charts .chart { margin: 0; }
.chart figcaption { font-weight: 650; margin-bottom: 10px; }
.chart svg { display: block; overflow: visible; }
.chart-label { fill: var(--text); font-size: 13px; }
.chart-value { fill: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
.chart-empty { fill: var(--muted); font-size: 14px; }
.chart-track { fill: var(--track); }
.chart-link:hover .chart-label, .chart-link:focus .chart-label { text-decoration: underline; }
.chart-link:focus { outline: none; }
.chart-link:focus-visible .chart-track { stroke: var(--accent); stroke-width: 2; }
.tone-error.chart-bar { fill: var(--error); }
.tone-warning.chart-bar { fill: var(--warning); }
.tone-notice.chart-bar { fill: var(--notice); }
.tone-ok.chart-bar { fill: var(--ok); }
.tone-neutral.chart-bar { fill: var(--neutral); }
.filters { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; margin-bottom: 8px; }
.severity-filter { min-width: 0; border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 8px; }
.severity-filter legend { font-size: .8rem; color: var(--muted); padding: 0; margin-bottom: 4px; }
.chip { display: inline-flex; align-items: center; gap: 6px; border: 1px solid var(--border); border-radius: 999px; padding: 4px 12px 4px 8px; cursor: pointer; }
.chip:has(input:checked) { border-color: currentColor; }
.chip.tone-error { color: var(--error); } .chip.tone-warning { color: var(--warning); }
.chip.tone-notice { color: var(--notice); } .chip.tone-ok { color: var(--ok); }
.chip input { accent-color: currentColor; margin: 0; width: 16px; height: 16px; }
.chip-count { color: var(--muted); font-variant-numeric: tabular-nums; }
.filter-row { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)) minmax(0, 2fr) auto; gap: 10px; align-items: end; }
.field { min-width: 0; display: grid; gap: 4px; font-size: .8rem; color: var(--muted); }
.field select, .field input { width: 100%; min-width: 0; }
.field select, .field input, button {
  font: inherit; font-size: .95rem; color: var(--text); background: var(--surface);
  border: 1px solid var(--border); border-radius: 8px; padding: 7px 10px; min-height: 38px;
}
button { cursor: pointer; font-weight: 600; }
button:hover { border-color: var(--accent); }
.showing { margin: 12px 0; font-weight: 600; color: var(--muted); }
.section-heading { font-size: 1.1rem; margin: 24px 0 4px; padding-bottom: 6px; border-bottom: 2px solid currentColor; }
.section-heading.tone-error { color: var(--error); } .section-heading.tone-warning { color: var(--warning); }
.section-heading.tone-notice { color: var(--notice); } .section-heading.tone-ok { color: var(--ok); }
.group-heading { margin: 16px 0 8px; }
.group-heading h4 { margin: 0; font-size: 1rem; overflow-wrap: anywhere; }
.group-count { color: var(--muted); font-weight: 400; }
.group-summary { margin: 2px 0 0; color: var(--muted); font-size: .9rem; }
.finding { border: 1px solid var(--border); border-left: 4px solid var(--neutral); border-radius: 8px; margin: 6px 0; background: var(--surface); }
.finding.tone-error { border-left-color: var(--error); } .finding.tone-warning { border-left-color: var(--warning); }
.finding.tone-notice { border-left-color: var(--notice); } .finding.tone-ok { border-left-color: var(--ok); }
.finding summary { cursor: pointer; padding: 8px 12px; display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
.finding[open] summary { border-bottom: 1px solid var(--border); }
.badge { font-size: .72rem; font-weight: 700; text-transform: uppercase; letter-spacing: .04em; padding: 1px 7px; border-radius: 5px; }
.badge.tone-error { background: var(--error-bg); color: var(--error); } .badge.tone-warning { background: var(--warning-bg); color: var(--warning); }
.badge.tone-notice { background: var(--notice-bg); color: var(--notice); } .badge.tone-ok { background: var(--ok-bg); color: var(--ok); }
.finding-url { font-family: var(--mono); font-size: .88rem; overflow-wrap: anywhere; flex: 1 1 320px; unicode-bidi: isolate; }
.finding-meta { color: var(--muted); font-size: .82rem; }
.finding-body { padding: 12px 16px 16px; }
.finding-body p { margin: 0 0 8px; }
.suggestion { color: var(--ok); font-weight: 600; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 12px 0; font-size: .9rem; }
.facts div { display: contents; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.url, .anchor-text { unicode-bidi: isolate; overflow-wrap: anywhere; }
a.url, span.url { font-family: var(--mono); font-size: .86rem; }
.chain { margin: 0; padding-left: 20px; }
.hop-status { font-weight: 700; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
.places h5, .knowledge h5 { font-size: .95rem; margin: 16px 0 6px; }
.table-wrap { overflow-x: auto; }
.occurrences { border-collapse: collapse; width: 100%; font-size: .86rem; }
.occurrences th { text-align: left; color: var(--muted); font-weight: 600; border-bottom: 1px solid var(--border); padding: 4px 8px; }
.occurrences td { border-bottom: 1px solid var(--border); padding: 4px 8px; vertical-align: top; }
.occurrences td:nth-child(2) { font-variant-numeric: tabular-nums; white-space: nowrap; }
.show-all, .show-more { margin-top: 8px; }
.show-more { display: block; width: 100%; margin-top: 14px; }
.knowledge { margin-top: 14px; padding: 4px 14px 10px; border-radius: 8px; background: var(--track); }
.knowledge h6 { font-size: .85rem; margin: 10px 0 4px; }
.knowledge ul, .knowledge ol { margin: 0; padding-left: 22px; }
.knowledge-summary { font-weight: 600; }
.empty { color: var(--muted); padding: 16px 0; }
@media (max-width: 860px) {
  .filter-row { grid-template-columns: repeat(2, minmax(0, 1fr)); }
}
@media (max-width: 600px) {
  .filter-row { grid-template-columns: 1fr; }
  main { padding: 14px 10px 48px; }
  .summary, .charts .chart, .findings { padding: 14px 12px; }
  .masthead h1 { font-size: 1.25rem; }
  .chart-label, .chart-value { font-size: 15px; }
  .facts { grid-template-columns: 1fr; }
  .facts dd { margin-bottom: 6px; }
  .occurrences thead { display: none; }
  .occurrences tr { display: block; padding: 6px 0; border-bottom: 1px solid var(--border); }
  .occurrences td { display: flex; gap: 8px; border: 0; padding: 1px 0; }
  .occurrences td::before { content: attr(data-label); color: var(--muted); min-width: 70px; flex: none; }
}
`;
