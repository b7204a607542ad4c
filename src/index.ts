export * from './core/error-codes.js';
export type * from './core/types.js';
export type * from './core/report-types.js';
export { scan, ScanOptionsError, type ScanHandle } from './crawl/scan.js';
export type { ScanEvent, ScanProgress } from './crawl/scan-events.js';
export { scanSettingsSchema, DEFAULT_USER_AGENT, type ScanOptions, type ScanSettings } from './crawl/scan-options.js';
