import { detachString } from '../core/detach-string.js';
import type { LinkOccurrence } from '../core/types.js';
import type { UrlRecord } from './url-record.js';

/**
 * Checks `page#fragment` links against the ids and names of the page. References can arrive
 * before or after the page is parsed, so unknown ones wait on the record until its anchors exist.
 */
export class FragmentIndex {
  constructor(private readonly occurrenceCap: number) {}

  setAnchors(record: UrlRecord, anchors: Iterable<string>): void {
    let joined = '\n';
    for (const a of anchors) if (!a.includes('\n')) joined += `${a}\n`;
    record.anchors = detachString(joined);
    if (!record.fragments) return;
    for (const [fragment, entry] of record.fragments) {
      if (hasAnchor(joined, fragment)) record.fragments.delete(fragment);
      else entry.missing = true;
    }
  }

  reference(record: UrlRecord, fragment: string, occurrence: LinkOccurrence): void {
    if (isUncheckable(fragment)) return;
    if (record.anchors !== null && hasAnchor(record.anchors, fragment)) return;
    record.fragments ??= new Map();
    let entry = record.fragments.get(fragment);
    if (!entry) {
      entry = { occurrences: [], count: 0, missing: record.anchors !== null };
      record.fragments.set(detachString(fragment), entry);
    }
    entry.count += 1;
    if (entry.occurrences.length < this.occurrenceCap) entry.occurrences.push(occurrence);
  }
}

function hasAnchor(joined: string, fragment: string): boolean {
  if (joined.includes(`\n${fragment}\n`)) return true;
  let decoded: string;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    return false;
  }
  return decoded !== fragment && joined.includes(`\n${decoded}\n`);
}

/**
 * Fragments a browser resolves without an element: `#top`, text fragments (`#:~:text=`), and
 * client-side routes (`#/path`, `#!/path`) that only the page's JavaScript understands.
 */
function isUncheckable(fragment: string): boolean {
  return (
    fragment === '' ||
    fragment.toLowerCase() === 'top' ||
    fragment.startsWith(':~:') ||
    fragment.startsWith('/') ||
    fragment.startsWith('!')
  );
}
