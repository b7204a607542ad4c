/**
 * Serialises writers to one SQLite file within this process. better-sqlite3 waits for a lock
 * synchronously (busy_timeout), which blocks the event loop; if the lock holder is another
 * connection in this same process, it can never finish, and both stall until the timeout.
 * Across processes busy_timeout still applies.
 */
const tails = new Map<string, Promise<unknown>>();

export function withWriteLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
