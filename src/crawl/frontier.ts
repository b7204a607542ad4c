/**
 * Work waiting to start, queued per host so one slow or rate-limited host never blocks the others
 * (head-of-line blocking is what makes naive checkers crawl at the speed of their slowest link).
 * Hosts are served round-robin; within a host, first in first out, which makes the crawl
 * breadth-first.
 */
export class Frontier<T> {
  private readonly queues = new Map<string, { items: T[]; head: number }>();
  /** Hosts with queued work, in round-robin order. */
  private ring: string[] = [];
  private cursor = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(host: string, item: T): void {
    let queue = this.queues.get(host);
    if (!queue) {
      queue = { items: [], head: 0 };
      this.queues.set(host, queue);
      this.ring.push(host);
    }
    queue.items.push(item);
    this.count += 1;
  }

  /**
   * Take the next item from a host that `canStart` admits, rotating fairly across hosts.
   * Returns null when no queued host is admissible right now.
   */
  take(canStart: (host: string) => boolean): T | null {
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      const index = (this.cursor + i) % n;
      const host = this.ring[index] as string;
      if (!canStart(host)) continue;
      const queue = this.queues.get(host);
      if (!queue) continue;
      const item = queue.items[queue.head] as T;
      queue.head += 1;
      this.count -= 1;
      if (queue.head === queue.items.length) {
        this.queues.delete(host);
        this.ring.splice(index, 1);
        this.cursor = this.ring.length === 0 ? 0 : index % this.ring.length;
      } else {
        // Compact occasionally so a long-lived queue doesn't keep consumed items alive.
        if (queue.head > 1024 && queue.head * 2 > queue.items.length) {
          queue.items = queue.items.slice(queue.head);
          queue.head = 0;
        }
        this.cursor = (index + 1) % this.ring.length;
      }
      return item;
    }
    return null;
  }

  /** Hosts that have queued work (for computing when to wake up). */
  hosts(): readonly string[] {
    return this.ring;
  }

  drain(): T[] {
    const all: T[] = [];
    for (const queue of this.queues.values()) all.push(...queue.items.slice(queue.head));
    this.queues.clear();
    this.ring = [];
    this.cursor = 0;
    this.count = 0;
    return all;
  }
}
