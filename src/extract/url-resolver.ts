/**
 * Resolves link text against one base URL, remembering answers: navigation menus repeat the
 * same hrefs on every page, and URL parsing is the most expensive step per link.
 */
export class UrlResolver {
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly base: string) {}

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
