// Fixed locale: reports are diffed in CI and pasted into issues, so they must not vary by machine.
// Built on first use: building one loads ICU's locale data (≈ 11 ms), which a JSON report or
// `--help` never needs.
let countFormat: Intl.NumberFormat | undefined;
let decimalFormat: Intl.NumberFormat | undefined;

function formatDecimal(value: number): string {
  decimalFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  return decimalFormat.format(value);
}

export function formatCount(value: number): string {
  countFormat ??= new Intl.NumberFormat('en-US');
  return countFormat.format(value);
}

/** `1 broken link`, `1,204 broken links`. */
export function formatQuantity(value: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(value)} ${value === 1 ? singular : plural}`;
}

export function formatDuration(durationMs: number): string {
  const ms = Math.max(0, Math.round(durationMs));
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${formatDecimal(ms / 1000)} s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    return `${Math.floor(totalSeconds / 60)} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  }
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${String(totalMinutes % 60).padStart(2, '0')} min`;
}

/** `42.5 URLs/s`; null when the scan was too short for a rate to mean anything. */
export function formatRate(count: number, durationMs: number): string | null {
  if (durationMs <= 0 || count === 0) return null;
  return `${formatDecimal((count * 1000) / durationMs)} URLs/s`;
}
