import picomatch from 'picomatch';
import type { BlacklistRule } from './blacklist-rule.js';
import { validateBlacklistRule } from './blacklist-rule.js';
import { PrefixIndex } from './prefix-index.js';

export interface MatchSubject {
  url: string;
  status: number | null;
  error: string | null;
  internal: boolean;
}

export interface BlacklistMatcher {
  /** The first rule (in the order given) that covers this outcome, or null. */
  match(subject: MatchSubject): BlacklistRule | null;
  /** Rules that failed validation and are ignored (stored before a stricter check, or hand-edited). */
  readonly skipped: readonly BlacklistRule[];
}

interface Candidate {
  index: number;
  rule: BlacklistRule;
  statuses: ReadonlySet<number> | null;
  errors: ReadonlySet<string> | null;
  /** Null when reaching this candidate already proves the URL matches (exact, prefix). */
  re: RegExp | null;
}

/** A regex group tested through one combined regex first, since almost every URL matches none. */
class RegexGroup {
  readonly members: Candidate[] = [];
  #filter: RegExp | null | undefined;

  add(candidate: Candidate): void {
    this.members.push(candidate);
    this.#filter = undefined;
  }

  /** Candidates that may match; all of them when no combined filter could be built. */
  mayMatch(url: string): boolean {
    if (this.#filter === undefined) this.#filter = combine(this.members);
    return this.#filter === null || this.#filter.test(url);
  }
}

/**
 * Compiles rules once so each URL costs a hash lookup, a binary search over literal prefixes and
 * one combined regex, whatever the number of rules: exact URLs in a Map; prefix rules, and globs
 * and regexes that start with literal text, in a sorted prefix index; the rest in one group.
 */
export function compileBlacklist(rules: readonly BlacklistRule[]): BlacklistMatcher {
  // Exact, prefix and glob rules written as a path (`/ads/**`) apply to the path and query of any
  // URL, like --include/--exclude patterns; everything else matches the full URL.
  const isPathRule = (rule: BlacklistRule): boolean => rule.kind !== 'regex' && rule.pattern.trim().startsWith('/');
  const pathRules = rules.filter(isPathRule);
  if (pathRules.length === 0) return compileFullUrlRules(rules);
  const position = new Map(rules.map((rule, index) => [rule, index]));
  const full = compileFullUrlRules(rules.filter((rule) => !isPathRule(rule)));
  const paths = compileFullUrlRules(pathRules);
  return {
    skipped: [...full.skipped, ...paths.skipped],
    match(subject) {
      const byUrl = full.match(subject);
      const path = pathOf(subject.url);
      const byPath = path === null ? null : paths.match({ ...subject, url: path });
      if (byUrl === null || byPath === null) return byUrl ?? byPath;
      return (position.get(byUrl) ?? 0) <= (position.get(byPath) ?? 0) ? byUrl : byPath;
    },
  };
}

function pathOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return null;
  }
}

function compileFullUrlRules(rules: readonly BlacklistRule[]): BlacklistMatcher {
  const exact = new Map<string, Candidate[]>();
  const prefixes = new PrefixIndex<Candidate, RegexGroup>();
  const prefixedGroups = new Map<string, RegexGroup>();
  const floating = new RegexGroup();
  const skipped: BlacklistRule[] = [];

  rules.forEach((rule, index) => {
    const check = validateBlacklistRule(rule);
    if (!check.ok) {
      skipped.push(rule);
      return;
    }
    const base = {
      index,
      rule,
      statuses: rule.statusCodes ? new Set(rule.statusCodes) : null,
      errors: rule.errorCodes ? new Set<string>(rule.errorCodes) : null,
    };
    const pattern = check.rule.pattern;
    if (rule.kind === 'exact') {
      for (const key of new Set([pattern, normalizedUrl(pattern)])) pushTo(exact, key, { ...base, re: null });
    } else if (rule.kind === 'prefix') {
      prefixes.add(lowerOrigin(pattern), { ...base, re: null });
    } else {
      const re = rule.kind === 'glob' ? picomatch.makeRe(pattern, { dot: true }) : new RegExp(pattern);
      const literal = rule.kind === 'glob' ? globLiteralPrefix(pattern) : regexLiteralPrefix(pattern);
      const candidate: Candidate = { ...base, re };
      if (literal === '') {
        floating.add(candidate);
      } else {
        let group = prefixedGroups.get(literal);
        if (!group) {
          prefixedGroups.set(literal, (group = new RegexGroup()));
          prefixes.addGroup(literal, group);
        }
        group.add(candidate);
      }
    }
  });
  prefixes.freeze();

  return {
    skipped,
    match(subject) {
      let best: Candidate | null = null;
      const consider = (c: Candidate): void => {
        if (best !== null && c.index >= best.index) return;
        if (!allows(c, subject)) return;
        if (c.re !== null && !c.re.test(subject.url)) return;
        best = c;
      };
      const hits = exact.get(subject.url);
      if (hits) for (const c of hits) consider(c);
      prefixes.visit(subject.url, (values, groups) => {
        for (const c of values) consider(c);
        for (const group of groups) if (group.mayMatch(subject.url)) for (const c of group.members) consider(c);
      });
      if (floating.members.length > 0 && floating.mayMatch(subject.url)) for (const c of floating.members) consider(c);
      return (best as Candidate | null)?.rule ?? null;
    },
  };
}

function allows(c: Candidate, s: MatchSubject): boolean {
  const scope = c.rule.scope;
  if ((scope === 'internal' && !s.internal) || (scope === 'external' && s.internal)) return false;
  if (c.statuses === null && c.errors === null) return true;
  return (s.status !== null && c.statuses !== null && c.statuses.has(s.status)) || (s.error !== null && c.errors !== null && c.errors.has(s.error));
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function normalizedUrl(pattern: string): string {
  try {
    return new URL(pattern).href;
  } catch {
    return pattern;
  }
}

/** Scheme and host are case-insensitive and the engine lower-cases them; the path is not. */
function lowerOrigin(pattern: string): string {
  const start = pattern.indexOf('://');
  if (start < 0) return pattern;
  const end = pattern.indexOf('/', start + 3);
  return end < 0 ? pattern.toLowerCase() : pattern.slice(0, end).toLowerCase() + pattern.slice(end);
}

export function globLiteralPrefix(glob: string): string {
  if (glob.startsWith('!')) return '';
  const match = /[*?[\]{}()\\]|[!+@](?=\()/.exec(glob);
  return match ? glob.slice(0, match.index) : glob;
}

/** Text every match must start with: `^` then plain characters, up to the first operator. */
export function regexLiteralPrefix(source: string): string {
  if (!source.startsWith('^') || source.includes('|') || source.includes('(?')) return '';
  let out = '';
  for (let i = 1; i < source.length; i += 1) {
    const ch = source.charAt(i);
    let literal: string;
    let width = 1;
    if (ch === '\\') {
      const next = source.charAt(i + 1);
      if (next === '' || /[A-Za-z0-9]/.test(next)) break;
      literal = next;
      width = 2;
    } else if ('.*+?()[]{}^$'.includes(ch)) {
      break;
    } else {
      literal = ch;
    }
    const after = source.charAt(i + width);
    if (after === '*' || after === '?' || after === '{') break; // optional or repeated: not guaranteed
    out += literal;
    i += width - 1;
  }
  return out;
}

/** One regex accepting everything any member accepts; null when members cannot be merged safely. */
function combine(members: readonly Candidate[]): RegExp | null {
  if (members.length < 2) return null;
  const anchored: string[] = [];
  const floating: string[] = [];
  for (const { re } of members) {
    if (re === null || re.flags.replace('u', '') !== '' || /\\[1-9]|\(\?<[A-Za-z]/.test(re.source)) return null;
    if (re.source.startsWith('^') && !re.source.includes('|')) anchored.push(re.source.slice(1));
    else floating.push(`(?:${re.source})`);
  }
  const parts: string[] = [];
  // Anchored alternatives share one `^`, so a non-matching URL fails at position 0 only.
  if (anchored.length > 0) parts.push(`^(?:${anchored.map((s) => `(?:${s})`).join('|')})`);
  parts.push(...floating);
  try {
    return new RegExp(parts.join('|'));
  } catch {
    return null;
  }
}
