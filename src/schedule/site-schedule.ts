import { parseSchedule, type Schedule } from './schedule-spec.js';

/** What a site's `settings.monitor` holds: its schedule and when the scheduler last started it. */
export interface SiteSchedule {
  schedule: Schedule;
  /** When the schedule was set: a new schedule waits for its next slot instead of firing at once. */
  since: string;
  lastRunAt: string | null;
}

const KEY = 'monitor';

/** The stored schedule, or null when there is none or it no longer validates (treated as off). */
export function readSiteSchedule(settings: Record<string, unknown>): SiteSchedule | null {
  const raw = settings[KEY];
  if (typeof raw !== 'object' || raw === null) return null;
  const record = raw as Record<string, unknown>;
  const stored = record.schedule;
  if (typeof stored !== 'object' || stored === null) return null;
  const fields = stored as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof fields[key] === 'string' ? (fields[key] as string) : typeof fields[key] === 'number' ? String(fields[key]) : undefined);
  const parsed = parseSchedule({ kind: text('kind') ?? '', at: text('at'), day: text('day'), timezone: text('timezone'), expression: text('expression') });
  if (!parsed.ok) return null;
  return {
    schedule: parsed.schedule,
    since: typeof record.since === 'string' ? record.since : new Date(0).toISOString(),
    lastRunAt: typeof record.lastRunAt === 'string' ? record.lastRunAt : null,
  };
}

/** Settings with a new schedule; the last run is kept so changing the time does not re-run missed slots. */
export function withSchedule(settings: Record<string, unknown>, schedule: Schedule, now: Date): Record<string, unknown> {
  const previous = readSiteSchedule(settings);
  return { ...settings, [KEY]: { schedule, since: now.toISOString(), lastRunAt: previous?.lastRunAt ?? null } };
}

export function withLastRun(settings: Record<string, unknown>, at: Date): Record<string, unknown> {
  const current = readSiteSchedule(settings);
  if (current === null) return settings;
  return { ...settings, [KEY]: { ...current, lastRunAt: at.toISOString() } };
}
