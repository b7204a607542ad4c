import type { LookupFunction } from 'node:net';
import { scan } from '../../src/crawl/scan.js';
import type { ScanOptions } from '../../src/crawl/scan-options.js';
import type { Finding, ScanReport } from '../../src/core/report-types.js';
import type { ScanEvent } from '../../src/crawl/scan-events.js';

/** Fast, deterministic defaults for tests: no retries, short timeouts. */
export async function runScan(options: ScanOptions): Promise<ScanReport & { events: ScanEvent[] }> {
  const handle = scan({ retries: 0, timeoutMs: 5000, connectTimeoutMs: 2000, ...options });
  const events: ScanEvent[] = [];
  for await (const event of handle) events.push(event);
  const report = await handle.report;
  return { ...report, events };
}

export function finding(report: ScanReport, url: string): Finding | undefined {
  return report.findings.find((f) => f.url === url);
}

/**
 * DNS as the tests want it: names under .invalid do not exist; everything else resolves to
 * the loopback address given in the map (default 127.0.0.1). No real DNS query is ever made.
 */
export function fakeLookup(map: Record<string, string> = {}): LookupFunction {
  return ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    const cb = typeof options === 'function' ? (options as typeof callback) : callback;
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all === true;
    if (hostname.endsWith('.invalid')) {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
      process.nextTick(() => cb(error));
      return;
    }
    const address = map[hostname] ?? '127.0.0.1';
    process.nextTick(() => (all ? cb(null, [{ address, family: 4 }]) : cb(null, address, 4)));
  }) as LookupFunction;
}
