import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliConfigSchema, ConfigError, parseConfigLayer, type CliConfig } from './cli-config.js';

export const CONFIG_FILE_NAME = 'dislike404.config.json';
const ENV_PREFIX = 'DISLIKE404_';

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string): string => ENV_PREFIX + key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/**
 * The config file: `--config FILE` when given (must exist), else `dislike404.config.json` in the
 * working directory when present.
 */
export function loadConfigFile(cwd: string, explicitPath: string | undefined): CliConfig {
  const path = resolve(cwd, explicitPath ?? CONFIG_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if (explicitPath === undefined && (cause as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`cannot read config file ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`${path}: not valid JSON (${(cause as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError(`${path}: expected a JSON object of options`);
  const { $schema: _schema, ...options } = raw as Record<string, unknown>;
  return parseConfigLayer(options, path, (k) => k);
}

/** DISLIKE404_MAX_PAGES=100, DISLIKE404_IGNORE_ROBOTS=1, DISLIKE404_EXCLUDE='["/a/**","/b/**"]' ... */
export function loadConfigEnv(env: NodeJS.ProcessEnv): CliConfig {
  const raw: Record<string, unknown> = {};
  const shape = cliConfigSchema.shape;
  const names = new Map<string, string>();
  for (const key of Object.keys(shape)) {
    const name = envName(key);
    names.set(key, name);
    const value = env[name];
    if (value === undefined || value === '') continue;
    raw[key] = coerceEnvValue(key, value);
  }
  return parseConfigLayer(raw, 'environment', (k) => names.get(k) ?? k);
}

const BOOLEAN_KEYS = new Set(['allowPrivateNetworks', 'showSuppressed', 'store', 'soft404', 'includeSubdomains', 'ignoreRobots', 'sitemaps', 'insecure', 'checkExternal', 'checkFragments', 'checkExternalFragments', 'all', 'quiet']);
const LIST_KEYS = new Set(['include', 'exclude', 'protectedPaths']);

function coerceEnvValue(key: string, value: string): unknown {
  if (BOOLEAN_KEYS.has(key)) {
    if (/^(1|true|yes|on)$/i.test(value)) return true;
    if (/^(0|false|no|off)$/i.test(value)) return false;
    return value;
  }
  if (LIST_KEYS.has(key)) return value.trim().startsWith('[') ? safeJson(value) : [value];
  if (key === 'severityOverrides' || key === 'blacklist') return safeJson(value);
  if (key === 'headers') return value.trim().startsWith('{') ? safeJson(value) : parseHeaderLines(value.split('\n'));
  return /^\d+$/.test(value) ? Number(value) : value;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** `Name: value` pairs (from --header or env lines) into a header record; bad ones are config errors. */
export function parseHeaderLines(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new ConfigError(`option "header": expected "Name: value", got ${JSON.stringify(line)}`);
    }
    headers[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

export function flagName(key: string): string {
  return `--${kebab(key)}`;
}
