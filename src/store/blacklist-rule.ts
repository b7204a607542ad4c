import picomatch from 'picomatch';
import { isErrorCode, type ErrorCode } from '../core/error-codes.js';

export type BlacklistKind = 'exact' | 'prefix' | 'glob' | 'regex';
export type BlacklistScope = 'internal' | 'external' | 'any';

/**
 * A user's decision to stop reporting some URLs. `statusCodes`/`errorCodes` narrow the rule to
 * those outcomes (null = any outcome); when both are set, either one matching is enough, so one
 * rule can say "ignore this host when it answers 403 or times out".
 */
export interface BlacklistRule {
  id: string;
  siteId: string;
  kind: BlacklistKind;
  pattern: string;
  statusCodes: number[] | null;
  errorCodes: ErrorCode[] | null;
  scope: BlacklistScope;
  note: string;
  author: string | null;
  createdAt: string;
}

export interface BlacklistRuleInput {
  kind: BlacklistKind;
  pattern: string;
  statusCodes?: number[] | null;
  errorCodes?: string[] | null;
  scope?: BlacklistScope;
  note?: string;
  author?: string | null;
}

export type ValidatedRuleInput = Omit<BlacklistRule, 'id' | 'siteId' | 'createdAt'>;

export type RuleValidation =
  | { ok: true; rule: ValidatedRuleInput }
  | { ok: false; field: 'kind' | 'pattern' | 'statusCodes' | 'errorCodes' | 'scope'; message: string };

const KINDS: readonly BlacklistKind[] = ['exact', 'prefix', 'glob', 'regex'];
const SCOPES: readonly BlacklistScope[] = ['internal', 'external', 'any'];

/** Checks a rule before it is stored, so a broken regex is refused at entry rather than at scan time. */
export function validateBlacklistRule(input: BlacklistRuleInput): RuleValidation {
  if (!KINDS.includes(input.kind)) {
    return { ok: false, field: 'kind', message: `Expected kind to be one of ${KINDS.join(', ')}, got ${JSON.stringify(input.kind)}` };
  }
  const scope = input.scope ?? 'any';
  if (!SCOPES.includes(scope)) {
    return { ok: false, field: 'scope', message: `Expected scope to be one of ${SCOPES.join(', ')}, got ${JSON.stringify(scope)}` };
  }
  const pattern = typeof input.pattern === 'string' ? input.pattern.trim() : '';
  if (pattern === '') return { ok: false, field: 'pattern', message: 'Expected a non-empty pattern' };
  const patternError = checkPattern(input.kind, pattern);
  if (patternError) return { ok: false, field: 'pattern', message: patternError };

  const statusCodes = input.statusCodes ?? null;
  if (statusCodes !== null) {
    const bad = statusCodes.find((s) => !Number.isInteger(s) || s < 100 || s > 999);
    if (bad !== undefined || statusCodes.length === 0) {
      return { ok: false, field: 'statusCodes', message: `Expected statusCodes to be HTTP statuses (100-999) or null, got ${JSON.stringify(statusCodes)}` };
    }
  }
  const errorCodes = input.errorCodes ?? null;
  if (errorCodes !== null) {
    const bad = errorCodes.find((c) => !isErrorCode(c));
    if (bad !== undefined || errorCodes.length === 0) {
      return { ok: false, field: 'errorCodes', message: `Expected errorCodes to be known error codes or null, got ${JSON.stringify(bad ?? errorCodes)}` };
    }
  }
  return {
    ok: true,
    rule: {
      kind: input.kind,
      pattern,
      statusCodes: statusCodes === null ? null : [...new Set(statusCodes)].sort((a, b) => a - b),
      errorCodes: errorCodes === null ? null : ([...new Set(errorCodes)].sort() as ErrorCode[]),
      scope,
      note: input.note ?? '',
      author: input.author ?? null,
    },
  };
}

function checkPattern(kind: BlacklistKind, pattern: string): string | null {
  if (kind === 'regex') {
    try {
      new RegExp(pattern);
      return null;
    } catch (error) {
      return `Invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`;
    }
  }
  if (kind === 'glob') {
    try {
      picomatch.makeRe(pattern);
      return null;
    } catch (error) {
      return `Invalid glob ${JSON.stringify(pattern)}: ${(error as Error).message}`;
    }
  }
  return null;
}
