/**
 * Fan-out of scan events to any number of async-iterator consumers. Each consumer buffers only
 * what it has not read yet; with no consumer, events cost nothing (a scan nobody watches must not
 * accumulate memory).
 */
export class EventChannel<T> {
  private readonly subscribers = new Set<Subscriber<T>>();
  private closed = false;

  emit(event: T): void {
    for (const s of this.subscribers) s.push(event);
  }

  close(): void {
    this.closed = true;
    for (const s of this.subscribers) s.end();
    this.subscribers.clear();
  }

  get hasSubscribers(): boolean {
    return this.subscribers.size > 0;
  }

  subscribe(): AsyncIterableIterator<T> {
    const subscriber = new Subscriber<T>(() => this.subscribers.delete(subscriber));
    if (this.closed) subscriber.end();
    else this.subscribers.add(subscriber);
    return subscriber;
  }
}

class Subscriber<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: ((r: IteratorResult<T>) => void) | null = null;
  private done = false;

  constructor(private readonly onReturn: () => void) {}

  push(event: T): void {
    if (this.done) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: event, done: false });
    } else this.buffer.push(event);
  }

  end(): void {
    this.done = true;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.buffer.length > 0) return Promise.resolve({ value: this.buffer.shift() as T, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.done = true;
    this.buffer.length = 0;
    this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
