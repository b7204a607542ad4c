import type { ScanProgress } from '../crawl/scan-events.js';

/** What a running scan tells the server's live listeners. `done` is sent once the scan row is final. */
export type LiveScanEvent = { type: 'progress'; progress: ScanProgress } | { type: 'done' };

export type LiveScanListener = (event: LiveScanEvent) => void;

/**
 * Fans a scan's progress out to whoever watches it. Nothing is buffered or replayed: a listener
 * joining late reads the current state from the store, so a scan nobody watches costs nothing here.
 */
export class ScanEventsHub {
  readonly #listeners = new Map<string, Set<LiveScanListener>>();

  /** Returns the unsubscribe function; call it when the watcher goes away. */
  subscribe(scanId: string, listener: LiveScanListener): () => void {
    let set = this.#listeners.get(scanId);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(scanId, set);
    }
    set.add(listener);
    return () => this.#unsubscribe(scanId, listener);
  }

  publish(scanId: string, event: LiveScanEvent): void {
    const set = this.#listeners.get(scanId);
    if (set === undefined) return;
    // A copy, because a listener may unsubscribe (on `done`) while we iterate.
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch {
        // One broken watcher must not stop the others or the scan that publishes.
        this.#unsubscribe(scanId, listener);
      }
    }
  }

  subscriberCount(scanId?: string): number {
    if (scanId !== undefined) return this.#listeners.get(scanId)?.size ?? 0;
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  #unsubscribe(scanId: string, listener: LiveScanListener): void {
    const set = this.#listeners.get(scanId);
    if (set === undefined) return;
    set.delete(listener);
    if (set.size === 0) this.#listeners.delete(scanId);
  }
}
