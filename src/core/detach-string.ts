/**
 * A copy of `value` that shares no memory with the string it was cut from. Substrings of a page
 * (ids, titles, link text) are slices that keep the whole page alive; anything a scan retains
 * past the page must be detached, or memory grows with page content instead of with URLs.
 *
 * A JSON round trip builds a fresh flat string, one byte a character whenever the text allows:
 * slices of a page that holds any non-Latin-1 character are two-byte strings, and the older
 * `(' ' + value).slice(1)` kept them two-byte behind a 20-byte slice header. Measured on Node 20
 * for 400,000 link texts of 10–60 characters: 63 instead of 119 bytes a string, +0.15 µs each.
 * Lone surrogates survive the round trip (JSON escapes them).
 */
export function detachString(value: string): string {
  return value.length === 0 ? value : (JSON.parse(JSON.stringify(value)) as string);
}
