import type { ErrorCode } from '../../core/error-codes.js';
import type { KnowledgeEntry } from './knowledge-entry.js';
import { ENGINE_OUTCOME_GROUPS, HTTP_STATUS_GROUPS } from './knowledge-groups.js';

const ENTRIES: readonly KnowledgeEntry[] = [...HTTP_STATUS_GROUPS, ...ENGINE_OUTCOME_GROUPS].flatMap(
  (group) => group.entries,
);

const BY_KEY: ReadonlyMap<string, KnowledgeEntry> = indexByKey(ENTRIES);

function indexByKey(entries: readonly KnowledgeEntry[]): Map<string, KnowledgeEntry> {
  const index = new Map<string, KnowledgeEntry>();
  for (const entry of entries) {
    // A duplicate would silently shadow prose someone wrote, so fail loudly at load time.
    if (index.has(entry.key)) throw new Error(`Duplicate knowledge entry ${entry.key}`);
    // Entries are shared by every report; freezing stops one caller's tweak leaking into another's.
    index.set(entry.key, deepFreeze(entry));
  }
  return index;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null) deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/**
 * Finds the entry for an HTTP status or engine code. Accepts `401`, `'401'`, `'HTTP_401'`,
 * `'http 401'`, `'4xx'`, `'DNS_NOT_FOUND'`, `'dns-not-found'`. Unregistered statuses in 100–599
 * get their class entry (`HTTP_4xx`) with the real status as `code` and in the title.
 */
export function lookupKnowledge(key: string | number): KnowledgeEntry | null {
  if (typeof key === 'number') return lookupStatus(key);
  const normalized = key.trim().toUpperCase().replace(/[\s-]+/g, '_');
  const status = /^(?:HTTP_?)?(\d{3})$/.exec(normalized);
  if (status?.[1] !== undefined) return lookupStatus(Number(status[1]));
  const statusClass = /^(?:HTTP_?)?([1-5])XX$/.exec(normalized);
  if (statusClass?.[1] !== undefined) return BY_KEY.get(`HTTP_${statusClass[1]}xx`) ?? null;
  return BY_KEY.get(normalized) ?? null;
}

function lookupStatus(status: number): KnowledgeEntry | null {
  if (!Number.isInteger(status)) return null;
  const registered = BY_KEY.get(`HTTP_${status}`);
  if (registered) return registered;
  if (status < 100 || status > 599) return null;
  const classEntry = BY_KEY.get(`HTTP_${Math.floor(status / 100)}xx`);
  if (!classEntry) return null;
  return {
    ...classEntry,
    code: status,
    title: `Unregistered status ${status} (${classEntry.title.toLowerCase()})`,
  };
}

/** Every registered entry, HTTP statuses first, in documentation order. */
export function allKnowledgeEntries(): KnowledgeEntry[] {
  return [...BY_KEY.values()];
}

/**
 * The key reports count outcomes by (`ScanSummary.byCode`). An engine code wins over a status
 * because it explains the status (a SOFT_404 arrives as a 200).
 */
export function outcomeKey(status: number | null, error: ErrorCode | null): string {
  if (error !== null) return error;
  if (status !== null) return `HTTP_${status}`;
  // Every check ends in a status or a code; neither means the caller lost the outcome.
  throw new TypeError('outcomeKey needs a status or an error code');
}
