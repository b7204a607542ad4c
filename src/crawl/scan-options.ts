import type { LookupFunction } from 'node:net';
import { z } from 'zod';
import type { Checkpoint } from '../store/store.js';
import type { CheckpointSink } from './checkpoint-writer.js';
import { TOOL_HOMEPAGE } from '../core/tool-info.js';

// The bot's own version names its behaviour (robots handling), not the package release.
export const DEFAULT_USER_AGENT = `Mozilla/5.0 (compatible; Dislike404Bot/1.0; +${TOOL_HOMEPAGE})`;
export const ROBOTS_TOKEN = 'Dislike404Bot';

const positiveInt = z.number().int().positive();
const nonNegativeInt = z.number().int().nonnegative();

/** A user's severity rule (`{ "code": "403", "pattern": "/members/**", "severity": "notice" }`); config and engine share it. */
export const severityOverrideSchema = z
  .object({
    code: z.string().optional(),
    pattern: z.string().optional(),
    internal: z.boolean().optional(),
    severity: z.enum(['error', 'warning', 'notice', 'ok']),
  })
  .strict();

/**
 * Every engine option with its default, in one place. The CLI config file, env and flags all end
 * up here; the library validates with the same schema so a bad value has one message everywhere.
 */
export const scanSettingsSchema = z
  .object({
    includeSubdomains: z.boolean().default(false),
    include: z.array(z.string()).default([]),
    exclude: z.array(z.string()).default([]),
    maxPages: positiveInt.default(50_000),
    maxDepth: nonNegativeInt.nullable().default(null),
    maxUrls: positiveInt.default(1_000_000),
    maxDurationMs: positiveInt.nullable().default(null),
    ignoreRobots: z.boolean().default(false),
    sitemaps: z.boolean().default(true),
    userAgent: z.string().min(1).default(DEFAULT_USER_AGENT),
    headers: z.record(z.string(), z.string()).default({}),
    timeoutMs: positiveInt.default(20_000),
    connectTimeoutMs: positiveInt.default(10_000),
    retries: nonNegativeInt.max(10).default(2),
    concurrency: positiveInt.max(1000).default(32),
    hostConcurrency: positiveInt.max(100).default(4),
    hostIntervalMs: nonNegativeInt.default(0),
    maxCrawlDelayMs: nonNegativeInt.default(10_000),
    maxRetryAfterMs: nonNegativeInt.default(60_000),
    insecure: z.boolean().default(false),
    checkExternal: z.boolean().default(true),
    checkFragments: z.boolean().default(true),
    checkExternalFragments: z.boolean().default(false),
    maxRedirects: nonNegativeInt.max(50).default(10),
    maxBodyBytes: positiveInt.default(10 * 1024 * 1024),
    maxUrlLength: positiveInt.default(8192),
    maxLinksPerPage: positiveInt.default(20_000),
    maxOccurrencesPerUrl: positiveInt.default(1000),
    includeSuccesses: z.boolean().default(false),
    detectSoft404: z.boolean().default(true),
    /**
     * Fetch loopback, private, link-local (cloud metadata) and similar addresses. On for the CLI
     * (people scan their dev servers); a server that fetches what users ask for turns it off.
     */
    allowPrivateNetworks: z.boolean().default(true),
    /** Threads parsing HTML beside the network loop; 'auto' = none below 4 cores, else cores - 2 (max 3); 0 = inline. */
    parseWorkers: z.union([z.literal('auto'), z.number().int().min(0).max(16)]).default('auto'),
    /** Paths where a login wall is expected: 401/403 there is a notice, not an error. */
    protectedPaths: z.array(z.string()).default([]),
    severityOverrides: z.array(severityOverrideSchema).default([]),
  })
  .strict();

export type ScanSettings = z.infer<typeof scanSettingsSchema>;
export type ScanSettingsInput = z.input<typeof scanSettingsSchema>;

/** What `scan()` takes: the start URL, settings, and runtime hooks that can't live in a config file. */
export interface ScanOptions extends ScanSettingsInput {
  url: string;
  /** Injected DNS resolution (tests; the server's SSRF guard). */
  lookup?: LookupFunction;
  /** Extra trusted CA certificates (PEM), e.g. for a staging site's private CA. */
  ca?: string[];
  signal?: AbortSignal;
  /** Persist progress as the scan runs (e.g. `batch => store.checkpoint(scanId, batch)`). */
  checkpoint?: CheckpointSink;
  /** Continue an interrupted scan from what it had persisted. */
  resume?: Checkpoint;
}
