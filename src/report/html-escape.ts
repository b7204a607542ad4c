import { escapeXmlAttribute, escapeXmlText } from './escape-xml.js';

/*
 * The XML escapes are also correct HTML escapes; reusing them keeps one definition of which characters
 * a crawled string may not carry into markup.
 */
export { escapeXmlAttribute as escapeHtmlAttribute, escapeXmlText as escapeHtmlText };

// Inside <script> the HTML parser ends the element at `</script` whatever JSON thinks; `<!--` and
// U+2028/9 have their own quirks. Unicode escapes are invisible to JSON.parse.
const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;

/** JSON safe to place between `<script type="application/json">` tags, whatever the strings hold. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(
    SCRIPT_UNSAFE,
    (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/** The URL normalised for an href, or null when it is not plain http(s) (javascript:, data:, junk). */
export function safeHttpHref(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}
