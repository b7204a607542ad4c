import picomatch from 'picomatch';

/**
 * A user-supplied include/exclude pattern. `/regex/flags` is a regular expression tested against
 * the full URL; anything else is a glob, tested against the full URL when it names a scheme
 * (`https://example.com/blog/**`) and against the path plus query otherwise (`/private/**`, `**.pdf`).
 */
export interface UrlPattern {
  source: string;
  test(url: URL): boolean;
}

export class PatternError extends Error {
  readonly code = 'INVALID_PATTERN';
}

const REGEX_FORM = /^\/(.+)\/([dgimsuvy]*)$/s;

export function compileUrlPattern(source: string): UrlPattern {
  const regexMatch = REGEX_FORM.exec(source);
  if (regexMatch) {
    let re: RegExp;
    try {
      re = new RegExp(regexMatch[1] ?? '', (regexMatch[2] ?? '').replace(/[gy]/g, ''));
    } catch (cause) {
      throw new PatternError(`invalid regular expression ${source}: ${(cause as Error).message}`, { cause });
    }
    return { source, test: (url) => re.test(url.href) };
  }
  if (source.trim() === '') throw new PatternError('empty pattern');
  const isMatch = picomatch(source, { dot: true, nocase: false });
  if (source.includes('://')) {
    return { source, test: (url) => isMatch(url.href) };
  }
  return { source, test: (url) => isMatch(url.pathname + url.search) || isMatch(url.pathname) };
}
