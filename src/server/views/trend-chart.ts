import { html, raw, type RawHtml } from '../html.js';

export interface ChartSeries {
  name: string;
  colour: string;
  /** Oldest first; one value per scan. */
  values: readonly number[];
}

const WIDTH = 300;
const HEIGHT = 60;
const PAD = 4;

function points(values: readonly number[], max: number, width: number, height: number): [string, string][] {
  // A single scan still draws: it sits in the middle rather than dividing by zero.
  const step = values.length > 1 ? (width - 2 * PAD) / (values.length - 1) : 0;
  return values.map((v, i) => {
    const x = values.length > 1 ? PAD + i * step : width / 2;
    const y = height - PAD - (max === 0 ? 0 : (v / max) * (height - 2 * PAD));
    return [x.toFixed(1), y.toFixed(1)];
  });
}

/**
 * A line chart drawn as inline SVG: the CSP allows no script, and an image needs no second request.
 * It scales to its container (viewBox) so it fits a phone. The description carries the numbers,
 * because a screen reader cannot read a line.
 */
export function lineChart(series: readonly ChartSeries[], description: string, size: { width?: number; height?: number } = {}): RawHtml {
  const width = size.width ?? WIDTH;
  const height = size.height ?? HEIGHT;
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const lines = series
    .filter((s) => s.values.length > 0)
    .map((s) => {
      const xy = points(s.values, max, width, height);
      // A one-point polyline is invisible, so a lone scan also gets a dot.
      const dot = xy.length === 1 && xy[0] !== undefined ? html`<circle cx="${xy[0][0]}" cy="${xy[0][1]}" r="2" fill="${s.colour}"/>` : raw('');
      return html`<polyline fill="none" stroke="${s.colour}" stroke-width="2" points="${xy.map((p) => p.join(',')).join(' ')}"><title>${s.name}</title></polyline>${dot}`;
    });
  return html`<svg class="chart" role="img" aria-label="${description}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" style="width:100%;max-width:${width}px;height:${height}px;border-bottom:1px solid #ccc">
<title>${description}</title>${lines}</svg>`;
}

/** "3, 5, 0" as prose for the chart's accessible name. */
export function describeValues(label: string, values: readonly number[]): string {
  return values.length === 0 ? `${label}: no finished scans yet` : `${label} over the last ${values.length} scans, oldest first: ${values.join(', ')}`;
}
