/**
 * Resolves link text against one base URL, remembering answers: navigation menus repeat the
 * same hrefs on every page, and URL parsing is the most expensive step per link.
 */
export class UrlResolver {
  private readonly cache = new Map<string, string | null>();
  /** Undefined when the base itself is unparseable: absolute links still resolve then. */
  private readonly base: string | undefined;

  constructor(base: string) {
    this.base = URL.canParse(base) ? base : undefined;
  }

  resolve(raw: string): string | null {
    const cached = this.cache.get(raw);
    if (cached !== undefined) return cached;
    let resolved: string | null;
    try {
      resolved = new URL(raw, this.base).href;
    } catch {
      // An unparseable link is an outcome the engine reports (INVALID_URL), not an error here.
      resolved = null;
    }
    this.cache.set(raw, resolved);
    return resolved;
  }
}
