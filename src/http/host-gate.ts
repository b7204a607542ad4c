/**
 * Politeness seam between the HTTP client and the crawler. The client calls it for every attempt of
 * every redirect hop; the crawler decides per-host concurrency and pacing. `host` is `URL.host`
 * (hostname plus a non-default port), because two servers on one machine answer independently.
 */
export interface HostGate {
  /** Wait for a slot for this host (per-host concurrency + min interval); returns the release function. */
  acquire(host: string, signal?: AbortSignal): Promise<() => void>;
  /** Pause all requests to this host for ms (Retry-After); other hosts continue. */
  pause(host: string, ms: number): void;
}
