import { formatDuration } from '../../report/format-quantity.js';
import { toSingleLine } from '../../report/single-line.js';

/**
 * Left-aligned columns separated by two spaces, header first. Cells are made single-line so a
 * stored page title or note cannot break the table or drive the terminal.
 */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const clean = [header, ...rows].map((row) => row.map((cell) => toSingleLine(cell)));
  const widths = header.map((_, column) => Math.max(...clean.map((row) => (row[column] ?? '').length)));
  const lines = clean.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

/** `2026-01-03 10:00 UTC` style, minutes only: enough to tell scans apart, identical on every machine. */
export function formatWhen(iso: string | null): string {
  if (iso === null) return '-';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}`;
}

/** `2026-01-03`: first-seen dates, where the day is what matters. */
export function formatDay(iso: string | null): string {
  return iso === null ? '-' : formatWhen(iso).slice(0, 10);
}

export function formatMaybeDuration(durationMs: number | null): string {
  return durationMs === null ? '-' : formatDuration(durationMs);
}
