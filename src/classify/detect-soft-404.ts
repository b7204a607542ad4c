import { detachString } from '../core/detach-string.js';

/**
 * A 200 page that tells visitors it does not exist. Judged from the title and first heading,
 * in the phrasings sites actually use (several languages), kept strict because a false "soft 404"
 * on a real article would be worse than a missed one.
 */
const NOT_FOUND_PATTERNS: readonly RegExp[] = [
  /^(?:error\s*)?404\b/i,
  /\b404\s*(?:[-–—:|]|error\b|page\b)/i,
  /\b(?:page|file|document|content|post|article|product)\s+(?:was\s+)?not\s+found\b/i,
  /^not\s+found\b/i,
  /\bpage\s+(?:could\s+not|cannot|can['’]t|couldn['’]t)\s+be\s+found\b/i,
  /\b(?:page|content)\s+(?:does\s+not|doesn['’]t)\s+exist\b/i,
  /\bno\s+longer\s+(?:exists|available)\b/i,
  /\bseite\s+nicht\s+gefunden\b/i,
  /\bpage\s+introuvable\b/i,
  /\bp[aá]gina\s+no\s+encontrada\b/i,
  /\bpagina\s+non\s+trovata\b/i,
  /\bpagina\s+niet\s+gevonden\b/i,
];

export function looksLikeNotFound(title: string | null, heading: string | null): boolean {
  for (const text of [title, heading]) {
    if (!text || text.length > 120) continue;
    if (NOT_FOUND_PATTERNS.some((re) => re.test(text))) return true;
  }
  return false;
}

/** The signature two pages share when the site serves one "not found" template for both. */
export function pageSignature(title: string | null, heading: string | null): string | null {
  const t = (title ?? '').trim().toLowerCase();
  const h = (heading ?? '').trim().toLowerCase();
  if (t === '' && h === '') return null;
  return detachString(`${t.slice(0, 120)}\u0000${h.slice(0, 120)}`);
}
