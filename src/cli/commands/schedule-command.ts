import { describeSchedule, parseSchedule, type Schedule } from '../../schedule/schedule-spec.js';
import { nextScheduledRun } from '../../schedule/scheduler.js';
import { readSiteSchedule, withSchedule } from '../../schedule/site-schedule.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { resolveSite } from './resolve-refs.js';
import { runWithStore, type StoreCommandOptions } from './store-command.js';

export interface ScheduleCommandOptions extends StoreCommandOptions {
  at?: string;
  tz?: string;
  day?: string;
}

export function runSchedule(ref: string, kind: string | undefined, expression: string | undefined, options: ScheduleCommandOptions, io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, ref);
    if (kind === undefined) {
      io.stdout.write(describeStored(site.url, site.settings, now()));
      return EXIT_OK;
    }
    const parsed = parseSchedule({ kind, at: options.at, day: options.day, timezone: options.tz, expression });
    if (!parsed.ok) throw new UsageError(parsed.message);
    const updated = await store.updateSiteSettings(site.id, withSchedule(site.settings, parsed.schedule, now()));
    io.stdout.write(describeStored(updated.url, updated.settings, now()));
    return EXIT_OK;
  });
}

/** Two lines as `sites show` would put them: the schedule and its next run. */
export function describeStored(url: string, settings: Record<string, unknown>, now: Date): string {
  const stored = readSiteSchedule(settings);
  if (stored === null || stored.schedule.kind === 'off') return `Schedule  off (${url} is scanned only when you run dislike404 scan)\n`;
  const next = nextScheduledRun(stored);
  return `Schedule  ${describeSchedule(stored.schedule)}\nNext run  ${formatNext(next, stored.schedule, now)}\n`;
}

function formatNext(next: Date | null, schedule: Schedule, now: Date): string {
  if (next === null) return 'never (the expression has no future time)';
  const zone = schedule.kind === 'off' ? 'UTC' : schedule.timezone;
  const local = next.toLocaleString('sv-SE', { timeZone: zone }).slice(0, 16);
  const overdue = next.getTime() <= now.getTime() ? ' (due: runs when dislike404 monitor next looks)' : '';
  return `${local} ${zone} (${next.toISOString()})${overdue}`;
}
