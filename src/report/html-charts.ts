import type { Severity } from '../core/report-types.js';
import { formatCount } from './format-quantity.js';
import { escapeHtmlAttribute, escapeHtmlText } from './html-escape.js';
import { truncateText } from './single-line.js';

export interface ChartBar {
  label: string;
  value: number;
  tone: Severity | 'neutral';
  /** Outcome key the bar filters the findings list by when clicked. */
  outcome?: string;
}

export interface BarChart {
  id: string;
  title: string;
  bars: ChartBar[];
  /** Shown instead of bars when every value is zero, so an empty chart never reads as broken. */
  emptyText: string;
}

// Labels sit above their bars rather than beside them, so the chart scales down to a phone without
// the text shrinking past legibility.
const WIDTH = 400;
const ROW_HEIGHT = 36;
const BAR_HEIGHT = 12;
const MAX_LABEL_LENGTH = 38;

/** A horizontal bar chart as inline SVG: no script needed, and screen readers get every number. */
export function renderBarChart(chart: BarChart): string {
  const bars = chart.bars.filter((bar) => bar.value > 0);
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  const description =
    bars.length === 0 ? chart.emptyText : bars.map((bar) => `${bar.label}: ${formatCount(bar.value)}`).join('; ');
  const height = Math.max(1, bars.length) * ROW_HEIGHT;
  const interactive = bars.some((bar) => bar.outcome !== undefined);
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rows =
    bars.length === 0
      ? [`<text x="0" y="22" class="chart-empty">${escapeHtmlText(chart.emptyText)}</text>`]
      : bars.map((bar, index) => renderRow(bar, index * ROW_HEIGHT, max));
  return [
    `<figure class="chart" id="${escapeHtmlAttribute(chart.id)}">`,
    `<figcaption>${escapeHtmlText(chart.title)}</figcaption>`,
    // Links inside role="img" would be hidden from assistive technology, hence "group" when clickable.
    `<svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="${interactive ? 'group' : 'img'}" aria-labelledby="${titleId}" aria-describedby="${descId}" preserveAspectRatio="xMinYMin meet">`,
    `<title id="${titleId}">${escapeHtmlText(chart.title)}</title>`,
    `<desc id="${descId}">${escapeHtmlText(description)}</desc>`,
    ...rows,
    '</svg>',
    '</figure>',
  ].join('');
}

function renderRow(bar: ChartBar, top: number, max: number): string {
  const width = Math.max(3, Math.round((bar.value / max) * WIDTH));
  const label = escapeHtmlText(truncateText(bar.label, MAX_LABEL_LENGTH));
  const value = escapeHtmlText(formatCount(bar.value));
  const body = [
    // Hover text: the label may be truncated on the bar, never in the tooltip.
    `<title>${escapeHtmlText(`${bar.label}: ${formatCount(bar.value)}`)}</title>`,
    `<text x="0" y="${top + 14}" class="chart-label">${label}</text>`,
    `<text x="${WIDTH}" y="${top + 14}" text-anchor="end" class="chart-value">${value}</text>`,
    `<rect x="0" y="${top + 20}" width="${WIDTH}" height="${BAR_HEIGHT}" rx="3" class="chart-track"/>`,
    `<rect x="0" y="${top + 20}" width="${width}" height="${BAR_HEIGHT}" rx="3" class="chart-bar tone-${bar.tone}"/>`,
  ].join('');
  if (bar.outcome === undefined) return `<g>${body}</g>`;
  const name = `Show the ${formatCount(bar.value)} findings for ${bar.label}`;
  return `<a href="#findings" class="chart-link" data-outcome="${escapeHtmlAttribute(bar.outcome)}" aria-label="${escapeHtmlAttribute(name)}">${body}</a>`;
}
