/**
 * For a broken internal URL, the existing URL the author most likely meant — offered only when
 * the match is strong: a trailing-slash or letter-case slip, the same slug in another folder, a
 * known redirect from the mistyped address, or a path one or two edits away with no rival.
 */
export class DidYouMean {
  private readonly byLoosePath = new Map<string, string>();
  private readonly bySlug = new Map<string, string | null>();
  /**
   * Existing URLs by folder (origin + lowercased directory): a typo is searched among its
   * siblings, which keeps the edit-distance pass small on sites with many thousands of pages.
   */
  private readonly byFolder = new Map<string, [string, string][]>();
  private readonly redirects = new Map<string, string>();

  /** An internal URL that works (2xx HTML page or resource). */
  addExisting(url: string): void {
    const u = safeUrl(url);
    if (!u) return;
    const path = u.pathname;
    this.byLoosePath.set(loose(u.origin, path), url);
    const slug = lastSegment(path);
    if (slug.length >= 4) this.bySlug.set(slug, this.bySlug.has(slug) ? null : url);
    const folder = folderOf(u);
    const list = this.byFolder.get(folder) ?? [];
    list.push([path.toLowerCase(), url]);
    this.byFolder.set(folder, list);
  }

  /** A redirect seen during the scan: `from` eventually lands on the working `to`. */
  addRedirect(from: string, to: string): void {
    const u = safeUrl(from);
    if (u) this.redirects.set(loose(u.origin, u.pathname), to);
  }

  suggest(brokenUrl: string): string | null {
    const u = safeUrl(brokenUrl);
    if (!u) return null;
    const key = loose(u.origin, u.pathname);
    const redirected = this.redirects.get(key);
    if (redirected && redirected !== brokenUrl) return redirected;
    const near = this.byLoosePath.get(key);
    if (near && near !== brokenUrl) return near;
    const slug = lastSegment(u.pathname);
    const sameSlug = slug.length >= 4 ? this.bySlug.get(slug) : null;
    if (sameSlug && sameSlug !== brokenUrl) return sameSlug;
    return this.closestPath(u);
  }

  private closestPath(u: URL): string | null {
    const path = u.pathname;
    if (path.length < 6) return null;
    const budget = path.length >= 16 ? 2 : 1;
    const lowerPath = path.toLowerCase();
    let best: string | null = null;
    let bestDistance = budget + 1;
    let rivals = 0;
    for (const [candidatePath, candidate] of this.byFolder.get(folderOf(u)) ?? []) {
      if (Math.abs(candidatePath.length - lowerPath.length) > budget) continue;
      const d = boundedLevenshtein(lowerPath, candidatePath, budget);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
        rivals = 0;
      } else if (d === bestDistance) rivals += 1;
    }
    return best !== null && rivals === 0 ? best : null;
  }
}

function folderOf(u: URL): string {
  const path = u.pathname.length > 1 && u.pathname.endsWith('/') ? u.pathname.slice(0, -1) : u.pathname;
  return `${u.origin}${path.slice(0, path.lastIndexOf('/') + 1).toLowerCase()}`;
}

function safeUrl(s: string): URL | null {
  try {
    return new URL(s);
  } catch {
    return null;
  }
}

function loose(origin: string, path: string): string {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return `${origin.toLowerCase()}${p.toLowerCase()}`;
}

function lastSegment(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return (parts.at(-1) ?? '').toLowerCase();
}

/** Edit distance, giving up (returning budget + 1) as soon as it must exceed the budget. */
export function boundedLevenshtein(a: string, b: string, budget: number): number {
  if (Math.abs(a.length - b.length) > budget) return budget + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > budget) return budget + 1;
    previous = current;
  }
  return previous[b.length] as number;
}
