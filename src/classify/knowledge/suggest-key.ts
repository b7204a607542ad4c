import { allKnowledgeEntries } from './knowledge-base.js';

// Two edits catch the usual slips (DNS_NOTFOUND, TLS_CERT_EXPRIED) without suggesting nonsense
// for inputs that merely share a prefix.
const MAX_DISTANCE = 2;

/** The engine code closest to a mistyped input, or null when nothing is close enough. */
export function suggestKey(input: string): string | null {
  const normalized = input.trim().toUpperCase().replace(/[\s-]+/g, '_');
  if (normalized.length < 4) return null;
  let best: { key: string; distance: number } | null = null;
  for (const { key, code } of allKnowledgeEntries()) {
    if (typeof code !== 'string') continue;
    const distance = editDistance(normalized, key);
    if (distance <= MAX_DISTANCE && (best === null || distance < best.distance)) best = { key, distance };
  }
  return best?.key ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
