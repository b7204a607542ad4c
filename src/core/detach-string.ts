/**
 * A copy of `value` that shares no memory with the string it was cut from. Substrings of a page
 * (ids, titles, link text) are slices that keep the whole page alive; anything a scan retains
 * past the page must be detached, or memory grows with page content instead of with URLs.
 */
export function detachString(value: string): string {
  return value.length === 0 ? value : (` ${value}`).slice(1);
}
