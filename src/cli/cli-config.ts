import { z } from 'zod';
import { REPORT_FORMATS } from '../report/report-formats.js';
import { severityOverrideSchema, type ScanSettingsInput } from '../crawl/scan-options.js';
import { parseDurationMs, parseSizeBytes } from './parse-units.js';


const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = parseDurationMs(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 20, 500ms, 20s or 2m, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});
const size = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const bytes = parseSizeBytes(value);
  if (bytes === null) {
    ctx.addIssue({ code: 'custom', message: `expected a size such as 10MB or 512KB, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return bytes;
});
const count = z.number({ error: (i) => `expected a positive whole number, got ${JSON.stringify(i.input)}` }).int().positive();
const zeroOrMore = z.number({ error: (i) => `expected a whole number, got ${JSON.stringify(i.input)}` }).int().nonnegative();
const patterns = z.array(z.string());

/**
 * The user-facing configuration: the same keys in `dislike404.config.json`, in `DISLIKE404_*`
 * environment variables and (kebab-cased) as flags. Unknown keys are errors, so a typo is caught.
 */
export const cliConfigSchema = z
  .object({
    include: patterns,
    exclude: patterns,
    includeSubdomains: z.boolean(),
    maxPages: count,
    maxDepth: zeroOrMore,
    maxUrls: count,
    maxDuration: duration,
    ignoreRobots: z.boolean(),
    sitemaps: z.boolean(),
    userAgent: z.string().min(1),
    headers: z.record(z.string(), z.string()),
    timeout: duration,
    connectTimeout: duration,
    retries: zeroOrMore.max(10),
    concurrency: count.max(1000),
    hostConcurrency: count.max(100),
    hostInterval: duration,
    maxCrawlDelay: duration,
    maxRetryAfter: duration,
    insecure: z.boolean(),
    checkExternal: z.boolean(),
    checkFragments: z.boolean(),
    checkExternalFragments: z.boolean(),
    maxRedirects: zeroOrMore.max(50),
    maxBodySize: size,
    maxUrlLength: count,
    maxLinksPerPage: count,
    parseWorkers: z.union([z.literal('auto'), zeroOrMore.max(16)]),
    protectedPaths: patterns,
    severityOverrides: z.array(severityOverrideSchema),
    soft404: z.boolean(),
    showSuppressed: z.boolean(),
    allowPrivateNetworks: z.boolean(),
    failureThreshold: count.max(100),
    blacklist: z.array(
      z
        .object({
          kind: z.enum(['exact', 'prefix', 'glob', 'regex']).default('glob'),
          pattern: z.string().min(1),
          statusCodes: z.array(z.number().int()).optional(),
          errorCodes: z.array(z.string()).optional(),
          scope: z.enum(['internal', 'external', 'any']).optional(),
          note: z.string().optional(),
        })
        .strict(),
    ),
    all: z.boolean(),
    format: z.enum(REPORT_FORMATS),
    output: z.string().min(1),
    quiet: z.boolean(),
    db: z.string().min(1),
    store: z.boolean(),
  })
  .partial()
  .strict();

export type CliConfigInput = z.input<typeof cliConfigSchema>;
export type CliConfig = z.output<typeof cliConfigSchema>;
export type CliConfigKey = keyof CliConfigInput;

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

/** Parse one layer (file, env or flags) and name the offending option in the error. */
export function parseConfigLayer(raw: unknown, origin: string, optionName: (key: string) => string): CliConfig {
  const parsed = cliConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw new ConfigError(`${origin}: invalid configuration`);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `"${optionName(k)}"`).join(', ');
    throw new ConfigError(`${origin}: unknown option ${keys}`);
  }
  const key = String(issue.path[0] ?? '');
  if (key === '') throw new ConfigError(`${origin}: ${issue.message}`);
  return failOn(origin, optionName(key), issue.message);
}

function failOn(origin: string, option: string, message: string): never {
  throw new ConfigError(`${origin}: option "${option}": ${message}`);
}

/** Defaults < file < env < flags: later layers win key by key. */
export function mergeConfig(...layers: CliConfig[]): CliConfig {
  const merged: CliConfig = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** Map user-facing keys onto the engine's settings (ms and bytes units). */
export function toScanSettings(config: CliConfig): ScanSettingsInput {
  const s: ScanSettingsInput = {};
  if (config.include) s.include = config.include;
  if (config.exclude) s.exclude = config.exclude;
  if (config.includeSubdomains !== undefined) s.includeSubdomains = config.includeSubdomains;
  if (config.maxPages !== undefined) s.maxPages = config.maxPages;
  if (config.maxDepth !== undefined) s.maxDepth = config.maxDepth;
  if (config.maxUrls !== undefined) s.maxUrls = config.maxUrls;
  if (config.maxDuration !== undefined) s.maxDurationMs = config.maxDuration;
  if (config.ignoreRobots !== undefined) s.ignoreRobots = config.ignoreRobots;
  if (config.sitemaps !== undefined) s.sitemaps = config.sitemaps;
  if (config.userAgent !== undefined) s.userAgent = config.userAgent;
  if (config.headers) s.headers = config.headers;
  if (config.timeout !== undefined) s.timeoutMs = config.timeout;
  if (config.connectTimeout !== undefined) s.connectTimeoutMs = config.connectTimeout;
  if (config.retries !== undefined) s.retries = config.retries;
  if (config.concurrency !== undefined) s.concurrency = config.concurrency;
  if (config.hostConcurrency !== undefined) s.hostConcurrency = config.hostConcurrency;
  if (config.hostInterval !== undefined) s.hostIntervalMs = config.hostInterval;
  if (config.maxCrawlDelay !== undefined) s.maxCrawlDelayMs = config.maxCrawlDelay;
  if (config.maxRetryAfter !== undefined) s.maxRetryAfterMs = config.maxRetryAfter;
  if (config.insecure !== undefined) s.insecure = config.insecure;
  if (config.checkExternal !== undefined) s.checkExternal = config.checkExternal;
  if (config.checkFragments !== undefined) s.checkFragments = config.checkFragments;
  if (config.checkExternalFragments !== undefined) s.checkExternalFragments = config.checkExternalFragments;
  if (config.maxRedirects !== undefined) s.maxRedirects = config.maxRedirects;
  if (config.maxBodySize !== undefined) s.maxBodyBytes = config.maxBodySize;
  if (config.maxUrlLength !== undefined) s.maxUrlLength = config.maxUrlLength;
  if (config.maxLinksPerPage !== undefined) s.maxLinksPerPage = config.maxLinksPerPage;
  if (config.parseWorkers !== undefined) s.parseWorkers = config.parseWorkers;
  if (config.protectedPaths) s.protectedPaths = config.protectedPaths;
  if (config.severityOverrides) s.severityOverrides = config.severityOverrides;
  if (config.soft404 !== undefined) s.detectSoft404 = config.soft404;
  if (config.allowPrivateNetworks !== undefined) s.allowPrivateNetworks = config.allowPrivateNetworks;
  if (config.all !== undefined) s.includeSuccesses = config.all;
  return s;
}
