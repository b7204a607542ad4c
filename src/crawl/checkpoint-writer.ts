import type { CheckpointBatch, CompletedEntry, CrawledPage, FragmentReference, FrontierEntry, OccurrenceAppend, ScanCounters } from '../store/store.js';
import type { LinkOccurrence } from '../core/types.js';
import type { UrlRecord } from './url-record.js';

/** Where a running scan persists its progress (the store's `checkpoint`, bound to one scan). */
export type CheckpointSink = (batch: CheckpointBatch) => Promise<void>;

const FLUSH_INTERVAL_MS = 1000;
const FLUSH_AT_ENTRIES = 5000;

/**
 * Collects what changed since the last checkpoint and writes it in batches, one write at a time.
 * A page is reported complete only after its links were taken in, so a checkpoint never holds a
 * crawled page whose links are missing: resuming from any checkpoint loses nothing.
 */
export class CheckpointWriter {
  private discovered: UrlRecord[] = [];
  private completed: UrlRecord[] = [];
  private newOccurrences = new Map<UrlRecord, LinkOccurrence[]>();
  private pages: CrawledPage[] = [];
  private fragmentsChanged = new Set<UrlRecord>();
  private pendingEntries = 0;
  private writing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private failure: Error | null = null;

  constructor(
    private readonly sink: CheckpointSink,
    private readonly counters: () => Partial<ScanCounters>,
  ) {}

  /** The first write error, if any: the scan goes on, but the caller must know its memory is incomplete. */
  get error(): Error | null {
    return this.failure;
  }

  discoveredRecord(record: UrlRecord): void {
    this.discovered.push(record);
    this.bump();
  }

  occurrence(record: UrlRecord, occurrence: LinkOccurrence): void {
    let list = this.newOccurrences.get(record);
    if (!list) {
      list = [];
      this.newOccurrences.set(record, list);
    }
    list.push(occurrence);
    this.bump();
  }

  /** The record's #fragment references changed (new reference, or its page's anchors arrived). */
  fragmentsOf(record: UrlRecord): void {
    this.fragmentsChanged.add(record);
    this.bump();
  }

  completedRecord(record: UrlRecord): void {
    this.completed.push(record);
    this.bump();
  }

  pageCrawled(page: CrawledPage): void {
    this.pages.push(page);
    this.bump();
  }

  /** Write everything collected so far and wait for it (and any write in progress). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.takeBatch();
    if (batch) {
      this.writing = this.writing.then(() =>
        this.sink(batch).catch((error: unknown) => {
          this.failure ??= error instanceof Error ? error : new Error(String(error));
        }),
      );
    }
    return this.writing;
  }

  private bump(): void {
    this.pendingEntries += 1;
    if (this.pendingEntries >= FLUSH_AT_ENTRIES) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  private takeBatch(): CheckpointBatch | null {
    if (this.pendingEntries === 0) return null;
    const occurrences = this.newOccurrences;
    const completedSet = new Set(this.completed);
    const discovered: FrontierEntry[] = [];
    const appended: OccurrenceAppend[] = [];
    const fresh = new Set([...this.discovered, ...this.fragmentsChanged]);
    const withFragments = this.fragmentsChanged;
    for (const record of fresh) {
      if (completedSet.has(record)) continue;
      discovered.push({ ...frontierFields(record), occurrences: occurrences.get(record) ?? [], ...fragmentFields(record, withFragments) });
    }
    // Known URLs only gain occurrences: appending them is far cheaper than rewriting their rows.
    for (const [record, list] of occurrences) {
      if (!fresh.has(record) && !completedSet.has(record)) appended.push({ url: record.key, occurrences: list });
    }
    const completed: CompletedEntry[] = [];
    for (const record of completedSet) {
      if (!record.result) continue;
      completed.push({ ...frontierFields(record), occurrences: occurrences.get(record) ?? [], result: record.result, ...fragmentFields(record, withFragments) });
    }
    const batch: CheckpointBatch = { discovered, completed, occurrences: appended, pages: this.pages, counters: this.counters() };
    this.discovered = [];
    this.completed = [];
    this.newOccurrences = new Map();
    this.pages = [];
    this.fragmentsChanged = new Set();
    this.pendingEntries = 0;
    return batch;
  }
}

function fragmentFields(record: UrlRecord, changed: ReadonlySet<UrlRecord>): { fragments?: FragmentReference[] } {
  if (!changed.has(record)) return {};
  const fragments: FragmentReference[] = [];
  for (const [fragment, entry] of record.fragments ?? []) fragments.push({ fragment, count: entry.count, missing: entry.missing, occurrences: entry.occurrences });
  return { fragments };
}

function frontierFields(record: UrlRecord): Omit<FrontierEntry, 'occurrences'> {
  return {
    url: record.key,
    depth: record.depth,
    plan: record.plan,
    internal: record.internal,
    kind: record.kind,
    inSitemap: record.inSitemap,
    occurrenceCount: record.occurrenceCount,
  };
}
