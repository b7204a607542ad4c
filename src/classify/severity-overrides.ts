import type { Severity } from '../core/report-types.js';
import { compileUrlPattern, type UrlPattern } from '../crawl/url-pattern.js';

/** A user's rule from the config: `{ "code": "403", "pattern": "/members/**", "severity": "notice" }`. */
export interface SeverityOverride {
  /** `404`, `HTTP_404`, `4xx` or an error code such as `DNS_NOT_FOUND`. */
  code?: string;
  pattern?: string;
  internal?: boolean;
  severity: Severity;
}

export interface CompiledOverride {
  matches(finding: { status: number | null; error: string | null; internal: boolean; url: string }): boolean;
  severity: Severity;
  description: string;
}

export function compileOverrides(overrides: readonly SeverityOverride[]): CompiledOverride[] {
  return overrides.map((o) => {
    const codeTest = o.code === undefined ? null : codeMatcher(o.code);
    const pattern: UrlPattern | null = o.pattern === undefined ? null : compileUrlPattern(o.pattern);
    const parts = [o.code && `code ${o.code}`, o.pattern && `URLs matching ${o.pattern}`, o.internal !== undefined && (o.internal ? 'internal' : 'external')].filter(Boolean);
    return {
      severity: o.severity,
      description: parts.join(', ') || 'all findings',
      matches: (f) => {
        if (o.internal !== undefined && f.internal !== o.internal) return false;
        if (codeTest && !codeTest(f.status, f.error)) return false;
        if (pattern) {
          let url: URL;
          try {
            url = new URL(f.url);
          } catch {
            return false;
          }
          if (!pattern.test(url)) return false;
        }
        return true;
      },
    };
  });
}

function codeMatcher(code: string): (status: number | null, error: string | null) => boolean {
  const c = code.trim().toUpperCase().replace(/^HTTP[_ ]?/, '');
  const klass = /^([1-5])XX$/.exec(c);
  if (klass) return (status) => status !== null && Math.floor(status / 100) === Number(klass[1]);
  if (/^\d{3}$/.test(c)) return (status, error) => status === Number(c) && (error === null || error === 'BOT_PROTECTION');
  return (_status, error) => error === c;
}
