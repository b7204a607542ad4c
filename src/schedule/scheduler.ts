import { nextRunAfter, type Schedule } from './schedule-spec.js';

export interface ScheduledSite {
  siteId: string;
  schedule: Schedule;
  /** ISO time the schedule was set; the first run is the first slot after it. */
  since: string;
  lastRunAt: string | null;
}

/** Where schedules come from and where start times go (the store, or a test's array). */
export interface ScheduleSource {
  list(): Promise<ScheduledSite[]>;
  /** Persists that a run started, so a restart does not repeat it. */
  markStarted(siteId: string, at: Date): Promise<void>;
}

export interface SchedulerOptions {
  source: ScheduleSource;
  /** Runs one scan (and its alerts) for a site; rejections are reported to `onError`. */
  runSite: (siteId: string, dueAt: Date) => Promise<void>;
  clock?: () => Date;
  /** Scans running at once across all sites (default 2). */
  maxConcurrent?: number;
  onError?: (siteId: string, error: unknown) => void;
}

/** The first slot after the later of the schedule's start and the last run: missed slots collapse into one. */
export function nextScheduledRun(site: Pick<ScheduledSite, 'schedule' | 'since' | 'lastRunAt'>, startedAtMs?: number): Date | null {
  const stored = site.lastRunAt === null ? 0 : Date.parse(site.lastRunAt);
  return nextRunAfter(site.schedule, new Date(Math.max(Date.parse(site.since), stored, startedAtMs ?? 0)));
}

interface Pending {
  siteId: string;
  dueAt: Date;
}

/**
 * Decides which sites are due and runs them. A site is due when its first slot after its last
 * run (or after the schedule was set) has passed, so however many slots were missed while the
 * monitor was down, it runs once. At most `maxConcurrent` scans run; the rest wait in due order;
 * a site that is queued or running is never queued again.
 */
export class Scheduler {
  private readonly clock: () => Date;
  private readonly maxConcurrent: number;
  private readonly queue: Pending[] = [];
  private readonly running = new Map<string, Promise<void>>();
  // Start times known here even before the source has persisted them.
  private readonly startedAt = new Map<string, number>();

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? (() => new Date());
    const max = options.maxConcurrent ?? 2;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`Expected maxConcurrent to be a positive integer, got ${max}`);
    this.maxConcurrent = max;
  }

  /** Sites due at the clock's time, earliest slot first (ties by id), whether or not they are busy. */
  async dueSites(): Promise<Pending[]> {
    const now = this.clock().getTime();
    const due: Pending[] = [];
    for (const site of await this.options.source.list()) {
      const next = this.nextRun(site);
      if (next !== null && next.getTime() <= now) due.push({ siteId: site.siteId, dueAt: next });
    }
    return due.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.siteId.localeCompare(b.siteId));
  }

  /** The next time `site` will run, judged from its last start. */
  nextRun(site: ScheduledSite): Date | null {
    return nextScheduledRun(site, this.startedAt.get(site.siteId));
  }

  /** Queues the due sites that are not queued or running, and starts as many as the cap allows. */
  async tick(): Promise<void> {
    for (const due of await this.dueSites()) {
      if (this.running.has(due.siteId) || this.queue.some((p) => p.siteId === due.siteId)) continue;
      this.queue.push(due);
    }
    this.fill();
  }

  /** Sites waiting for a free slot, in the order they will start. */
  get waiting(): readonly string[] {
    return this.queue.map((p) => p.siteId);
  }

  get active(): readonly string[] {
    return [...this.running.keys()];
  }

  /** Resolves when nothing is running or waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running.values());
  }

  /** The earliest future run among the given sites, for sleeping until then. */
  async nextWake(): Promise<Date | null> {
    let earliest: Date | null = null;
    for (const site of await this.options.source.list()) {
      const next = this.nextRun(site);
      if (next !== null && (earliest === null || next < earliest)) earliest = next;
    }
    return earliest;
  }

  // Synchronous so a slot is taken before anything awaits: two fills can never both see it free.
  private fill(): void {
    while (this.running.size < this.maxConcurrent && this.queue.length > 0) {
      const next = this.queue.shift() as Pending;
      const startedAt = this.clock();
      this.startedAt.set(next.siteId, startedAt.getTime());
      const run = (async () => {
        await this.options.source.markStarted(next.siteId, startedAt);
        await this.options.runSite(next.siteId, next.dueAt);
      })()
        .catch((error: unknown) => this.options.onError?.(next.siteId, error))
        .finally(() => {
          this.running.delete(next.siteId);
          // A freed slot goes to the next waiting site straight away, not at the next tick.
          this.fill();
        });
      this.running.set(next.siteId, run);
    }
  }
}
