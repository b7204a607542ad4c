/*
 * XML 1.0 forbids most control characters and lone surrogates even as character references, so they
 * are dropped rather than escaped; a JUnit file with one of them fails to parse in every CI system.
 */
const INVALID_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const TEXT_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  // `>` only matters after `]]`, but escaping it always is simpler than tracking that.
  '>': '&gt;',
  // A raw CR would be normalised to LF by the parser; keep it as written.
  '\r': '&#13;',
};

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...TEXT_ESCAPES,
  '"': '&quot;',
  "'": '&apos;',
  // Parsers turn raw whitespace in attribute values into spaces; references survive.
  '\n': '&#10;',
  '\t': '&#9;',
};

export function stripInvalidXmlCharacters(value: string): string {
  return value.replace(INVALID_XML_CHARACTERS, '');
}

export function escapeXmlText(value: string): string {
  return stripInvalidXmlCharacters(value).replace(/[&<>\r]/g, (char) => TEXT_ESCAPES[char] ?? char);
}

export function escapeXmlAttribute(value: string): string {
  return stripInvalidXmlCharacters(value).replace(/[&<>"'\r\n\t]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}
