/** Durations as people write them: `20` (seconds), `500ms`, `20s`, `2m`, `1h`. Returns ms or null. */
export function parseDurationMs(input: string | number): number | null {
  if (typeof input === 'number') return Number.isFinite(input) && input > 0 ? Math.round(input * 1000) : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$/i.exec(input);
  if (!m) return null;
  const value = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit === 'm' || unit === 'min' ? 60_000 : unit === 'h' ? 3_600_000 : 1000;
  const ms = Math.round(value * factor);
  return ms > 0 ? ms : null;
}

/** Sizes: `1048576`, `512KB`, `10MB`, `1GB` (binary multiples). Returns bytes or null. */
export function parseSizeBytes(input: string | number): number | null {
  if (typeof input === 'number') return Number.isInteger(input) && input > 0 ? input : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?\s*$/i.exec(input);
  if (!m) return null;
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const bytes = Math.round(Number(m[1]) * factor);
  return bytes > 0 ? bytes : null;
}
