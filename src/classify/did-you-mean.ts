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
  private readonly byFolder = new Map<string, FolderSiblings>();
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
    let siblings = this.byFolder.get(folder);
    if (siblings === undefined) this.byFolder.set(folder, (siblings = new FolderSiblings()));
    siblings.add(path.toLowerCase(), url);
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
    return this.byFolder.get(folderOf(u))?.closest(path.toLowerCase(), budget) ?? null;
  }
}

/** Above this many siblings a folder is searched through its segment index instead of one by one. */
const INDEX_FROM = 2000;
/** Segments per indexed path: with at most 2 edits, at least 2 of 4 segments survive intact. */
const SEGMENTS = 4;
/** A segment shared by more siblings than this (`/docs`, `-large`) narrows nothing and is not probed. */
const COMMON_SEGMENT = 2000;

/**
 * The existing paths of one folder. A typo is looked for among them by edit distance; in a big
 * folder (a shop's 100,000 products) comparing a broken URL with every sibling would take minutes
 * for a few thousand broken URLs, so candidates come from a segment index (the PassJoin filter: a
 * path within k edits of the typo keeps at least one of its k+1 segments intact, at a position
 * moved by at most k). Segments too common to narrow anything are skipped; in such a crowded
 * folder a typo can match many siblings and a suggestion is then withheld anyway.
 */
class FolderSiblings {
  readonly paths: string[] = [];
  readonly urls: string[] = [];
  /**
   * Per (path length, segment number), the siblings holding each segment text: a bare index while
   * only one does (most segments are unique), a list once several share it. Built on first use.
   */
  #index: Map<number, Map<string, number | number[]>> | null = null;

  add(path: string, url: string): void {
    this.paths.push(path);
    this.urls.push(url);
    this.#index = null;
  }

  /** The one sibling closest to `path` within `budget` edits, or null when none or several tie. */
  closest(path: string, budget: number): string | null {
    let best = -1;
    let bestDistance = budget + 1;
    let rivals = 0;
    for (const i of this.#candidates(path, budget)) {
      const candidate = this.paths[i] as string;
      if (Math.abs(candidate.length - path.length) > budget) continue;
      const d = boundedLevenshtein(path, candidate, budget);
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
        rivals = 0;
      } else if (d === bestDistance) {
        rivals += 1;
        // Nothing but the path itself is closer than one edit: two at one edit settle it.
        if (d <= 1) return null;
      }
    }
    return best >= 0 && rivals === 0 ? (this.urls[best] as string) : null;
  }

  #candidates(path: string, budget: number): Iterable<number> {
    if (this.paths.length < INDEX_FROM) return this.paths.keys();
    const index = this.#segmentIndex();
    const found = new Set<number>();
    for (let length = Math.max(SEGMENTS, path.length - budget); length <= path.length + budget; length++) {
      for (let segment = 0; segment < SEGMENTS; segment++) {
        const texts = index.get(length * SEGMENTS + segment);
        if (texts === undefined) continue;
        const [start, end] = segmentBounds(length, segment);
        for (let at = Math.max(0, start - budget); at <= start + budget && at + (end - start) <= path.length; at++) {
          const holders = texts.get(path.slice(at, at + end - start));
          if (typeof holders === 'number') found.add(holders);
          else if (holders !== undefined && holders.length <= COMMON_SEGMENT) for (const i of holders) found.add(i);
        }
      }
    }
    return found;
  }

  #segmentIndex(): Map<number, Map<string, number | number[]>> {
    if (this.#index !== null) return this.#index;
    const index = new Map<number, Map<string, number | number[]>>();
    this.paths.forEach((path, i) => {
      if (path.length < SEGMENTS) return;
      for (let segment = 0; segment < SEGMENTS; segment++) {
        const slot = path.length * SEGMENTS + segment;
        let texts = index.get(slot);
        if (texts === undefined) index.set(slot, (texts = new Map()));
        const [start, end] = segmentBounds(path.length, segment);
        const text = path.slice(start, end);
        const holders = texts.get(text);
        if (holders === undefined) texts.set(text, i);
        else if (typeof holders === 'number') texts.set(text, [holders, i]);
        else holders.push(i);
      }
    });
    return (this.#index = index);
  }
}

function segmentBounds(length: number, segment: number): [number, number] {
  return [Math.floor((length * segment) / SEGMENTS), Math.floor((length * (segment + 1)) / SEGMENTS)];
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

/** Reused rows of the banded edit-distance table (paths are short; they grow when needed). */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Edit distance, giving up (returning budget + 1) as soon as it must exceed the budget. Only the
 * band of cells within `budget` of the diagonal can stay within budget, so only those are filled.
 */
export function boundedLevenshtein(a: string, b: string, budget: number): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > budget) return budget + 1;
  if (rowA.length <= n) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
  }
  const over = budget + 1;
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= n; j++) previous[j] = j <= budget ? j : over;
  for (let i = 1; i <= m; i++) {
    const from = Math.max(1, i - budget);
    const to = Math.min(n, i + budget);
    current[0] = i <= budget ? i : over;
    if (from > 1) current[from - 1] = over;
    let rowMin = current[0] as number;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const substitute = (previous[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const insert = (current[j - 1] as number) + 1;
      const remove = j <= i - 1 + budget ? (previous[j] as number) + 1 : over;
      const value = Math.min(substitute, insert, remove, over);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (to < n) current[to + 1] = over;
    if (rowMin > budget) return over;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return Math.min(previous[n] as number, over);
}
