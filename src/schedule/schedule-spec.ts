import { Cron } from 'croner';

export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
export const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** When a site is scanned by `dislike404 monitor`. Times of day are read in `timezone`. */
export type Schedule =
  | { kind: 'off' }
  | { kind: 'daily'; at: string; timezone: string }
  | { kind: 'weekly'; day: Weekday; at: string; timezone: string }
  | { kind: 'monthly'; day: number; at: string; timezone: string }
  | { kind: 'cron'; expression: string; timezone: string };

export type ScheduleKind = Schedule['kind'];
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['off', 'daily', 'weekly', 'monthly', 'cron'];

export type ScheduleErrorCode = 'INVALID_SCHEDULE' | 'INVALID_TIME' | 'INVALID_DAY' | 'INVALID_TIMEZONE' | 'INVALID_CRON';

export type ScheduleResult = { ok: true; schedule: Schedule } | { ok: false; code: ScheduleErrorCode; message: string };

export interface ScheduleInput {
  kind: string;
  at?: string;
  day?: string;
  timezone?: string;
  expression?: string;
}

export const DEFAULT_AT = '03:00';
export const DEFAULT_TIMEZONE = 'UTC';

/** Checks one schedule from flags or stored settings; the message names the field and the value received. */
export function parseSchedule(input: ScheduleInput): ScheduleResult {
  const fail = (code: ScheduleErrorCode, message: string): ScheduleResult => ({ ok: false, code, message });
  if (!(SCHEDULE_KINDS as readonly string[]).includes(input.kind)) {
    return fail('INVALID_SCHEDULE', `Expected schedule to be one of ${SCHEDULE_KINDS.join(', ')}, got ${JSON.stringify(input.kind)}`);
  }
  if (input.kind === 'off') return { ok: true, schedule: { kind: 'off' } };
  const timezone = input.timezone ?? DEFAULT_TIMEZONE;
  if (!isTimeZone(timezone)) return fail('INVALID_TIMEZONE', `Expected --tz to be an IANA time zone such as Europe/Berlin, got ${JSON.stringify(timezone)}`);
  if (input.kind === 'cron') {
    const expression = (input.expression ?? '').trim();
    try {
      new Cron(expression, { paused: true, timezone });
    } catch (cause) {
      return fail('INVALID_CRON', `Expected a cron expression such as "0 */6 * * *", got ${JSON.stringify(expression)} (${(cause as Error).message})`);
    }
    return { ok: true, schedule: { kind: 'cron', expression, timezone } };
  }
  const at = input.at ?? DEFAULT_AT;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(at)) return fail('INVALID_TIME', `Expected --at to be a time of day HH:MM, got ${JSON.stringify(at)}`);
  if (input.kind === 'daily') return { ok: true, schedule: { kind: 'daily', at, timezone } };
  if (input.kind === 'weekly') {
    const day = (input.day ?? 'mon').toLowerCase().slice(0, 3);
    if (!(WEEKDAYS as readonly string[]).includes(day)) return fail('INVALID_DAY', `Expected --day to be a weekday (mon…sun), got ${JSON.stringify(input.day)}`);
    return { ok: true, schedule: { kind: 'weekly', day: day as Weekday, at, timezone } };
  }
  const day = Number(input.day ?? '1');
  // Days past 28 would silently skip short months, which an owner would read as a broken monitor.
  if (!Number.isInteger(day) || day < 1 || day > 28) return fail('INVALID_DAY', `Expected --day to be a day of the month 1-28, got ${JSON.stringify(input.day)}`);
  return { ok: true, schedule: { kind: 'monthly', day, at, timezone } };
}

/** The cron pattern croner runs for a schedule; null for `off`. */
export function cronPattern(schedule: Schedule): string | null {
  if (schedule.kind === 'off') return null;
  if (schedule.kind === 'cron') return schedule.expression;
  const [hour, minute] = schedule.at.split(':').map(Number);
  if (schedule.kind === 'daily') return `${minute} ${hour} * * *`;
  if (schedule.kind === 'weekly') return `${minute} ${hour} * * ${WEEKDAYS.indexOf(schedule.day)}`;
  return `${minute} ${hour} ${schedule.day} * *`;
}

/** The first scheduled time strictly after `after`, or null (off, or a pattern with no future run). */
export function nextRunAfter(schedule: Schedule, after: Date): Date | null {
  const pattern = cronPattern(schedule);
  if (pattern === null || schedule.kind === 'off') return null;
  return new Cron(pattern, { paused: true, timezone: schedule.timezone }).nextRun(after);
}

/** "daily at 06:00 (Europe/Berlin)", for tables and confirmations. */
export function describeSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'off':
      return 'off';
    case 'daily':
      return `daily at ${schedule.at} (${schedule.timezone})`;
    case 'weekly':
      return `weekly on ${schedule.day} at ${schedule.at} (${schedule.timezone})`;
    case 'monthly':
      return `monthly on day ${schedule.day} at ${schedule.at} (${schedule.timezone})`;
    case 'cron':
      return `cron "${schedule.expression}" (${schedule.timezone})`;
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
