/** How far into the body a `<meta charset>` may appear, per the WHATWG prescan. */
const PRESCAN_BYTES = 1024;

/**
 * The charset label declared in the first 1024 bytes: `<meta charset>`, `<meta http-equiv="content-type"
 * content="...;charset=...">`, or an XML declaration (for XHTML and sitemaps). Comments are skipped so a
 * commented-out declaration does not count. A simplified WHATWG prescan: good enough for real pages,
 * and bounded work per document.
 */
export function sniffCharset(bytes: Uint8Array): string | null {
  const head = latin1(bytes.subarray(0, PRESCAN_BYTES));
  const xml = /^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  const html = withoutComments(head);
  const metaPattern = /<meta[\s/]([^>]*)>?/gi;
  for (let match = metaPattern.exec(html); match !== null; match = metaPattern.exec(html)) {
    const label = charsetFromMetaAttributes(parseAttributes(match[1] ?? ''));
    if (label !== null) return label;
  }
  return xml?.[1] ?? null;
}

/** The `charset` parameter of a Content-Type header value, unquoted; null when absent. */
export function charsetFromContentType(contentType: string | null): string | null {
  if (contentType === null) return null;
  return extractCharset(contentType);
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function withoutComments(html: string): string {
  if (html.indexOf('<!--') === -1) return html;
  let out = '';
  let position = 0;
  for (let open = html.indexOf('<!--'); open !== -1; open = html.indexOf('<!--', position)) {
    out += html.slice(position, open);
    const close = html.indexOf('-->', open + 4);
    if (close === -1) return out;
    position = close + 3;
  }
  return out + html.slice(position);
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  for (let match = pattern.exec(source); match !== null; match = pattern.exec(source)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function charsetFromMetaAttributes(attributes: Map<string, string>): string | null {
  const charset = attributes.get('charset');
  if (charset !== undefined && charset.trim() !== '') return charset.trim();
  const httpEquiv = attributes.get('http-equiv');
  const content = attributes.get('content');
  if (httpEquiv?.trim().toLowerCase() !== 'content-type' || content === undefined) return null;
  return extractCharset(content);
}

/** WHATWG "extract a character encoding from a meta element", which also fits Content-Type headers. */
function extractCharset(value: string): string | null {
  const match = /charset\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s;"']+))/i.exec(value);
  if (match === null) return null;
  const label = (match[1] ?? match[2] ?? match[3] ?? '').trim();
  return label === '' ? null : label;
}
