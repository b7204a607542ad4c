/**
 * Lower-cased tag names read straight from the buffer: a known name comes back as one shared string,
 * with no slice, no toLowerCase and no new string to hash in every later Set or Map lookup. The
 * scanner hashes the name while it looks for its end anyway.
 */

const KNOWN_TAGS = [
  'a', 'abbr', 'acronym', 'address', 'annotation-xml', 'area', 'article', 'aside', 'audio', 'b', 'base', 'basefont', 'bdi',
  'bdo', 'big', 'blockquote', 'body', 'br', 'button', 'canvas', 'caption', 'center', 'circle', 'cite', 'clippath', 'code',
  'col', 'colgroup', 'command', 'data', 'datalist', 'dd', 'defs', 'del', 'desc', 'details', 'dfn', 'dialog', 'div', 'dl',
  'dt', 'ellipse', 'em', 'embed', 'feimage', 'fieldset', 'figcaption', 'figure', 'font', 'footer', 'foreignobject', 'form',
  'frame', 'frameset', 'g', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hgroup', 'hr', 'html', 'i', 'iframe',
  'image', 'img', 'input', 'ins', 'isindex', 'kbd', 'keygen', 'label', 'legend', 'li', 'line', 'lineargradient', 'link',
  'main', 'map', 'mark', 'mask', 'math', 'menu', 'meta', 'mi', 'mn', 'mo', 'ms', 'mtext', 'nav', 'nobr', 'noembed',
  'noframes', 'noscript', 'object', 'ol', 'optgroup', 'option', 'output', 'p', 'param', 'path', 'pattern', 'picture',
  'plaintext', 'polygon', 'polyline', 'pre', 'progress', 'q', 'radialgradient', 'rect', 'rp', 'rt', 'ruby', 's', 'samp',
  'script', 'search', 'section', 'select', 'slot', 'small', 'source', 'span', 'stop', 'strike', 'strong', 'style', 'sub',
  'summary', 'sup', 'svg', 'symbol', 'table', 'tbody', 'td', 'template', 'text', 'textarea', 'textpath', 'tfoot', 'th',
  'thead', 'time', 'title', 'tr', 'track', 'tspan', 'tt', 'u', 'ul', 'use', 'var', 'video', 'wbr', 'xmp',
];

const SLOTS = 1024;
const MASK = SLOTS - 1;
const table: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

/** One step of the name hash; `| 0x20` folds ASCII letters, and lookups verify the name exactly. */
export function hashTagChar(hash: number, code: number): number {
  return (Math.imul(hash, 31) + (code | 0x20)) | 0;
}

for (const name of KNOWN_TAGS) {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = hashTagChar(hash, name.charCodeAt(i));
  let slot = hash & MASK;
  while (table[slot] !== undefined) slot = (slot + 1) & MASK;
  table[slot] = name;
}

/** The lower-cased name in buffer[start..end), whose hashTagChar hash is `hash`. */
export function tagName(buffer: string, start: number, end: number, hash: number): string {
  const length = end - start;
  for (let slot = hash & MASK; ; slot = (slot + 1) & MASK) {
    const name = table[slot];
    if (name === undefined) break;
    if (name.length === length && sameName(buffer, start, name)) return name;
  }
  return buffer.slice(start, end).toLowerCase();
}

function sameName(buffer: string, start: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = buffer.charCodeAt(start + i);
    const wanted = name.charCodeAt(i);
    if (code !== wanted && !(code >= 65 && code <= 90 && code + 32 === wanted)) return false;
  }
  return true;
}
