import { validateBlacklistRule, type BlacklistKind, type BlacklistRuleInput, type BlacklistScope } from '../../store/blacklist-rule.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';
import { formatTable, formatWhen } from './format-table.js';
import { resolveRule, resolveSite, shortId } from './resolve-refs.js';
import { runWithStore, type StoreCommandOptions } from './store-command.js';

export interface BlacklistAddOptions extends StoreCommandOptions {
  kind?: string;
  /** Comma-separated HTTP statuses, e.g. `404,410`. */
  status?: string;
  /** Comma-separated engine codes, e.g. `DNS_NOT_FOUND,TIMEOUT`. */
  error?: string;
  scope?: string;
  note?: string;
  author?: string;
}

const FLAG_OF_FIELD: Record<string, string> = { kind: '--kind', pattern: 'pattern', statusCodes: '--status', errorCodes: '--error', scope: '--scope' };

/** `dislike404 blacklist add <site> <pattern>`: checked here so a broken regex never reaches a scan. */
export function runBlacklistAdd(siteRef: string, pattern: string, options: BlacklistAddOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const input: BlacklistRuleInput = {
      kind: (options.kind ?? inferKind(pattern)) as BlacklistKind,
      pattern,
      statusCodes: options.status === undefined ? null : parseStatuses(options.status),
      errorCodes: options.error === undefined ? null : splitList(options.error).map((code) => code.toUpperCase()),
      scope: (options.scope ?? 'any') as BlacklistScope,
      note: options.note ?? '',
      author: options.author ?? null,
    };
    // The casts above are checked here, with the store's own validator, before anything is written.
    const check = validateBlacklistRule(input);
    if (!check.ok) throw new UsageError(`${FLAG_OF_FIELD[check.field] ?? check.field}: ${check.message}`);
    const site = await resolveSite(store, siteRef);
    const rule = await store.addBlacklistRule(site.id, input);
    io.stdout.write(`Added blacklist rule ${shortId(rule.id)} to ${site.url}: ${rule.kind} ${JSON.stringify(rule.pattern)}${describeOutcomes(rule)}\n`);
    return EXIT_OK;
  });
}

/** `dislike404 blacklist list <site>`: the site's rules in the order they are tried. */
export function runBlacklistList(siteRef: string, options: StoreCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, siteRef);
    const rules = await store.listBlacklistRules(site.id);
    if (rules.length === 0) {
      io.stdout.write(`No blacklist rules for ${site.url}. Add one with \`dislike404 blacklist add ${site.url} <pattern>\`.\n`);
      return EXIT_OK;
    }
    const rows = rules.map((r) => [
      shortId(r.id),
      r.kind,
      r.pattern,
      r.statusCodes === null ? 'any' : r.statusCodes.join(','),
      r.errorCodes === null ? 'any' : r.errorCodes.join(','),
      r.scope,
      r.author ?? '-',
      formatWhen(r.createdAt),
      r.note,
    ]);
    io.stdout.write(formatTable(['ID', 'KIND', 'PATTERN', 'STATUS', 'ERROR', 'SCOPE', 'AUTHOR', 'ADDED', 'NOTE'], rows));
    return EXIT_OK;
  });
}

/** `dislike404 blacklist remove <site> <rule-id>`: the id may be a unique prefix. */
export function runBlacklistRemove(siteRef: string, ruleRef: string, options: StoreCommandOptions, io: CliIo): Promise<number> {
  return runWithStore(options, io, async (store) => {
    const site = await resolveSite(store, siteRef);
    const rule = await resolveRule(store, site, ruleRef);
    await store.removeBlacklistRule(rule.id);
    io.stdout.write(`Removed blacklist rule ${shortId(rule.id)} (${rule.kind} ${JSON.stringify(rule.pattern)}) from ${site.url}\n`);
    return EXIT_OK;
  });
}

function describeOutcomes(rule: { statusCodes: number[] | null; errorCodes: string[] | null; scope: string }): string {
  const parts: string[] = [];
  const outcomes = [...(rule.statusCodes ?? []).map(String), ...(rule.errorCodes ?? [])];
  if (outcomes.length > 0) parts.push(`when ${outcomes.join(' or ')}`);
  if (rule.scope !== 'any') parts.push(`${rule.scope} links only`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function splitList(value: string): string[] {
  return value.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

function parseStatuses(value: string): number[] {
  const parts = splitList(value);
  const bad = parts.find((part) => !/^\d{3}$/.test(part));
  if (bad !== undefined || parts.length === 0) {
    throw new UsageError(`--status: Expected comma-separated HTTP statuses such as 404,410, got ${JSON.stringify(value)}`);
  }
  return parts.map(Number);
}

/** Without --kind, a pattern with glob characters is a glob and anything else an exact URL or path. */
function inferKind(pattern: string): BlacklistKind {
  return /[*?[{]/.test(pattern) ? 'glob' : 'exact';
}
