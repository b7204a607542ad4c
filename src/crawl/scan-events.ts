import type { CheckResult, ResourceKind } from '../core/types.js';
import type { Finding, LimitName, ScanReport } from '../core/report-types.js';

export interface ScanProgress {
  pagesCrawled: number;
  urlsChecked: number;
  urlsFound: number;
  queued: number;
  active: number;
  broken: number;
  elapsedMs: number;
  /** URLs checked per second over the whole scan so far. */
  rate: number;
}

/** What a running scan tells its listeners. Consumers switch on `type`. */
export type ScanEvent =
  | { type: 'started'; startUrl: string; at: string }
  | {
      type: 'robots';
      origin: string;
      source: 'file' | 'missing' | 'unreachable' | 'ignored';
      status: number | null;
      crawlDelaySeconds: number | null;
      appliedDelayMs: number;
    }
  | { type: 'sitemap'; urls: number; sitemaps: string[]; errors: number }
  | { type: 'page'; url: string; status: number | null; depth: number; links: number; title: string | null }
  | { type: 'checked'; url: string; internal: boolean; kind: ResourceKind; result: CheckResult }
  | { type: 'limit'; limit: LimitName }
  | { type: 'progress'; progress: ScanProgress }
  | { type: 'finding'; finding: Finding }
  | { type: 'done'; report: ScanReport };
