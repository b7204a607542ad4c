export { cronPattern, describeSchedule, nextRunAfter, parseSchedule, SCHEDULE_KINDS, WEEKDAYS, type Schedule, type ScheduleErrorCode, type ScheduleInput, type ScheduleKind, type ScheduleResult, type Weekday } from './schedule-spec.js';
export { nextScheduledRun, Scheduler, type ScheduledSite, type ScheduleSource, type SchedulerOptions } from './scheduler.js';
export { readSiteSchedule, withLastRun, withSchedule, type SiteSchedule } from './site-schedule.js';
export { storeScheduleSource } from './store-schedule-source.js';
