import { describe, expect, it } from 'vitest';
import { nextRunAfter, parseSchedule, type Schedule } from '../../src/schedule/schedule-spec.js';
import { Scheduler, type ScheduledSite, type ScheduleSource } from '../../src/schedule/scheduler.js';

function schedule(input: Parameters<typeof parseSchedule>[0]): Schedule {
  const parsed = parseSchedule(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.schedule;
}

/** An in-memory source that persists start times like the store does. */
function memorySource(sites: ScheduledSite[]): ScheduleSource & { sites: ScheduledSite[] } {
  return {
    sites,
    list: () => Promise.resolve(sites.map((s) => ({ ...s }))),
    markStarted: (siteId, at) => {
      const site = sites.find((s) => s.siteId === siteId);
      if (site) site.lastRunAt = at.toISOString();
      return Promise.resolve();
    },
  };
}

/** A runSite whose scans finish only when the test says so. */
function controllableRuns() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  let concurrent = 0;
  let peak = 0;
  const perSite = new Map<string, number>();
  let overlap = false;
  return {
    started,
    peak: () => peak,
    overlap: () => overlap,
    finish(siteId: string) {
      finishers.get(siteId)?.();
    },
    runSite(siteId: string): Promise<void> {
      started.push(siteId);
      concurrent += 1;
      peak = Math.max(peak, concurrent);
      perSite.set(siteId, (perSite.get(siteId) ?? 0) + 1);
      if ((perSite.get(siteId) ?? 0) > 1) overlap = true;
      return new Promise<void>((resolve) => {
        finishers.set(siteId, () => {
          concurrent -= 1;
          perSite.set(siteId, (perSite.get(siteId) ?? 1) - 1);
          finishers.delete(siteId);
          resolve();
        });
      });
    },
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('schedule specs', () => {
  it('reads times of day in the schedule time zone, across daylight saving changes', () => {
    const berlin = schedule({ kind: 'daily', at: '06:00', timezone: 'Europe/Berlin' });
    expect(nextRunAfter(berlin, new Date('2030-01-15T12:00:00Z'))?.toISOString()).toBe('2030-01-16T05:00:00.000Z');
    expect(nextRunAfter(berlin, new Date('2030-07-15T12:00:00Z'))?.toISOString()).toBe('2030-07-16T04:00:00.000Z');
    const weekly = schedule({ kind: 'weekly', day: 'fri', at: '23:30', timezone: 'UTC' });
    expect(nextRunAfter(weekly, new Date('2030-01-01T00:00:00Z'))?.toISOString()).toBe('2030-01-04T23:30:00.000Z');
    const monthly = schedule({ kind: 'monthly', day: '15', at: '00:00', timezone: 'UTC' });
    expect(nextRunAfter(monthly, new Date('2030-01-20T00:00:00Z'))?.toISOString()).toBe('2030-02-15T00:00:00.000Z');
    expect(nextRunAfter({ kind: 'off' }, new Date())).toBeNull();
  });

  it('rejects bad input with a stable code and the value received', () => {
    expect(parseSchedule({ kind: 'hourly' })).toMatchObject({ ok: false, code: 'INVALID_SCHEDULE' });
    expect(parseSchedule({ kind: 'daily', at: '25:00' })).toMatchObject({ ok: false, code: 'INVALID_TIME', message: expect.stringContaining('"25:00"') });
    expect(parseSchedule({ kind: 'monthly', day: '31' })).toMatchObject({ ok: false, code: 'INVALID_DAY' });
    expect(parseSchedule({ kind: 'weekly', day: 'someday' })).toMatchObject({ ok: false, code: 'INVALID_DAY' });
    expect(parseSchedule({ kind: 'cron', expression: '* *' })).toMatchObject({ ok: false, code: 'INVALID_CRON' });
    expect(parseSchedule({ kind: 'daily', timezone: 'Nowhere/Land' })).toMatchObject({ ok: false, code: 'INVALID_TIMEZONE' });
  });
});

describe('Scheduler with an injected clock', () => {
  const daily = schedule({ kind: 'daily', at: '06:00', timezone: 'UTC' });

  it('finds a site due only once its first slot after the schedule was set has passed', async () => {
    let now = new Date('2030-01-01T05:00:00Z');
    const source = memorySource([{ siteId: 'a', schedule: daily, since: '2030-01-01T04:00:00Z', lastRunAt: null }]);
    const scheduler = new Scheduler({ source, runSite: () => Promise.resolve(), clock: () => now });
    expect(await scheduler.dueSites()).toEqual([]);
    now = new Date('2030-01-01T06:00:00Z');
    expect(await scheduler.dueSites()).toEqual([{ siteId: 'a', dueAt: new Date('2030-01-01T06:00:00Z') }]);
  });

  it('runs missed slots once at start-up, not once per missed slot', async () => {
    const now = new Date('2030-01-10T12:00:00Z');
    const source = memorySource([{ siteId: 'a', schedule: daily, since: '2029-12-01T00:00:00Z', lastRunAt: '2030-01-02T06:00:00Z' }]);
    const runs: string[] = [];
    const scheduler = new Scheduler({ source, runSite: (id) => (runs.push(id), Promise.resolve()), clock: () => now });
    await scheduler.tick();
    await scheduler.idle();
    await scheduler.tick();
    await scheduler.idle();
    expect(runs).toEqual(['a']);
    expect(source.sites[0]?.lastRunAt).toBe(now.toISOString());
    expect((await scheduler.nextWake())?.toISOString()).toBe('2030-01-11T06:00:00.000Z');
  });

  it('caps concurrent scans; the rest wait in due order and start as slots free up', async () => {
    const now = new Date('2030-01-01T12:00:00Z');
    const at = (hour: string): Schedule => schedule({ kind: 'daily', at: hour, timezone: 'UTC' });
    const source = memorySource(
      [['d', '09:00'], ['a', '06:00'], ['c', '08:00'], ['b', '07:00']].map(([siteId, hour]) => ({ siteId: siteId as string, schedule: at(hour as string), since: '2030-01-01T00:00:00Z', lastRunAt: null })),
    );
    const runs = controllableRuns();
    const scheduler = new Scheduler({ source, runSite: (id) => runs.runSite(id), clock: () => now, maxConcurrent: 2 });
    await scheduler.tick();
    await flush();
    expect(runs.started).toEqual(['a', 'b']);
    expect(scheduler.waiting).toEqual(['c', 'd']);
    runs.finish('b');
    await flush();
    expect(runs.started).toEqual(['a', 'b', 'c']);
    runs.finish('a');
    runs.finish('c');
    await flush();
    runs.finish('d');
    await scheduler.idle();
    expect(runs.started).toEqual(['a', 'b', 'c', 'd']);
    expect(runs.peak()).toBe(2);
  });

  it('never starts a second scan of a site that is still running, even when its next slot passes', async () => {
    let now = new Date('2030-01-01T06:00:00Z');
    const hourly = schedule({ kind: 'cron', expression: '0 * * * *', timezone: 'UTC' });
    const source = memorySource([{ siteId: 'a', schedule: hourly, since: '2030-01-01T05:30:00Z', lastRunAt: null }]);
    const runs = controllableRuns();
    const scheduler = new Scheduler({ source, runSite: (id) => runs.runSite(id), clock: () => now, maxConcurrent: 4 });
    await scheduler.tick();
    now = new Date('2030-01-01T07:00:00Z');
    await scheduler.tick();
    now = new Date('2030-01-01T09:30:00Z');
    await scheduler.tick();
    await flush();
    expect(runs.started).toEqual(['a']);
    expect(scheduler.waiting).toEqual([]);
    runs.finish('a');
    await scheduler.idle();
    // The slots missed during the long scan make one more run, not three.
    await scheduler.tick();
    await flush();
    expect(runs.started).toEqual(['a', 'a']);
    runs.finish('a');
    await scheduler.idle();
    expect(runs.overlap()).toBe(false);
  });

  it('reports a failing run and carries on with the others', async () => {
    const now = new Date('2030-01-02T00:00:00Z');
    const source = memorySource(['a', 'b'].map((siteId) => ({ siteId, schedule: daily, since: '2030-01-01T00:00:00Z', lastRunAt: null })));
    const errors: string[] = [];
    const ran: string[] = [];
    const scheduler = new Scheduler({
      source,
      clock: () => now,
      maxConcurrent: 1,
      runSite: (id) => (id === 'a' ? Promise.reject(new Error('boom')) : (ran.push(id), Promise.resolve())),
      onError: (id) => errors.push(id),
    });
    await scheduler.tick();
    await scheduler.idle();
    expect(errors).toEqual(['a']);
    expect(ran).toEqual(['b']);
  });
});
