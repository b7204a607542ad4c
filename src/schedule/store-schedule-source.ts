import type { Store } from '../store/store.js';
import type { ScheduledSite, ScheduleSource } from './scheduler.js';
import { readSiteSchedule, withLastRun } from './site-schedule.js';

/** Schedules kept in each site's `settings.monitor`, so no table or migration is needed. */
export function storeScheduleSource(store: Store): ScheduleSource {
  return {
    async list() {
      const out: ScheduledSite[] = [];
      for (const site of await store.listSites()) {
        const stored = readSiteSchedule(site.settings);
        if (stored === null || stored.schedule.kind === 'off') continue;
        out.push({ siteId: site.id, ...stored });
      }
      return out;
    },
    async markStarted(siteId, at) {
      const site = await store.getSite(siteId);
      if (site !== null) await store.updateSiteSettings(siteId, withLastRun(site.settings, at));
    },
  };
}
