import type { KnowledgeEntry } from './knowledge-entry.js';

/**
 * The name people know an outcome by: "404 Not Found" for statuses, "4xx Client error" for a
 * class, "DNS_NOT_FOUND (DNS name not found)" for engine codes, which users type as written.
 */
export function entryLabel(entry: KnowledgeEntry): string {
  if (typeof entry.code === 'string') return `${entry.key} (${entry.title})`;
  const classKey = /^HTTP_(\dxx)$/.exec(entry.key);
  if (classKey?.[1] !== undefined) {
    // An unregistered status borrowing its class entry already names the real status in its title.
    return entry.code % 100 === 0 ? `${classKey[1]} ${entry.title}` : entry.title;
  }
  return `${entry.code} ${entry.title}`;
}
