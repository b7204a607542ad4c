import { detachString } from '../core/detach-string.js';
import { WORD_BREAKS } from './html-extraction.js';
import {
  HTML_INTEGRATION_ELEMENTS,
  OPEN_IMPLIES_CLOSE,
  SVG_TAG_NAMES,
  TEXT_CONTENT_MODELS,
  VOID_ELEMENTS,
  type ContentModel,
} from './html-tag-rules.js';

/**
 * Everything the extractor needs to know about one tag name, looked up once when the scanner reads
 * the name (from a hash table over the buffer's characters, with no string built for known names),
 * so the tree builder and the extraction rules test bits instead of probing sets for every element.
 */
export interface TagInfo {
  /** Lower-cased name; camelCase for the SVG spellings reached through `svg`. */
  readonly name: string;
  readonly flags: number;
  /** Elements this start tag closes while they are the current element. */
  readonly closes: ReadonlySet<string> | null;
  /** Content model outside SVG/MathML; null for ordinary content. */
  readonly content: ContentModel | null;
  /** The element this name means inside SVG content (feimage → feImage); null when the same. */
  svg: TagInfo | null;
  /** The element this name means in HTML content (image → img); null when the same. */
  html: TagInfo | null;
}

export const VOID = 1;
/** Its content is HTML again inside SVG/MathML (foreignObject, desc, title, mi...). */
export const INTEGRATION_POINT = 2;
export const SVG_ROOT = 4;
export const MATH_ROOT = 8;
/** Separates words of captured text. */
export const WORD_BREAK = 16;
/** emitElementLinks reads attributes of this element (other than id and style). */
export const URL_ATTRIBUTES = 32;
/** The extraction rules do something when this element opens (resp. closes). */
export const OPEN_RULE = 64;
export const CLOSE_RULE = 128;

/** Elements of the emitElementLinks switch, plus <base>. */
const URL_ATTRIBUTE_ELEMENTS = new Set([
  'a', 'area', 'img', 'image', 'feImage', 'use', 'script', 'link', 'iframe', 'frame', 'video', 'audio', 'track',
  'source', 'embed', 'object', 'form', 'input', 'button', 'blockquote', 'q', 'del', 'ins', 'body', 'table', 'td',
  'th', 'meta', 'base',
]);
const OPEN_RULES = new Set(['a', 'img', 'base', 'meta', 'style', 'script', 'svg', 'title', 'h1']);
const CLOSE_RULES = new Set(['a', 'style', 'script', 'svg', 'title', 'h1']);

/** Common names beyond those the rules mention, so that they too come back without a new string. */
const COMMON_TAGS = [
  'abbr', 'acronym', 'address', 'article', 'aside', 'b', 'bdi', 'bdo', 'big', 'canvas', 'caption', 'center', 'circle',
  'cite', 'code', 'col', 'colgroup', 'data', 'datalist', 'defs', 'details', 'dfn', 'dialog', 'em', 'ellipse', 'fieldset',
  'figcaption', 'figure', 'font', 'footer', 'frameset', 'g', 'head', 'header', 'hgroup', 'html', 'i', 'kbd', 'label',
  'legend', 'line', 'main', 'map', 'mark', 'mask', 'math', 'menu', 'nav', 'nobr', 'noscript', 'ol', 'optgroup', 'option',
  'output', 'path', 'pattern', 'picture', 'polygon', 'polyline', 'pre', 'progress', 'rect', 'ruby', 's', 'samp', 'search',
  'section', 'select', 'slot', 'small', 'span', 'stop', 'strike', 'strong', 'sub', 'summary', 'sup', 'symbol', 'tbody',
  'template', 'text', 'tfoot', 'thead', 'time', 'tspan', 'tt', 'u', 'ul', 'var',
];

function makeInfo(name: string): TagInfo {
  let flags = 0;
  if (VOID_ELEMENTS.has(name)) flags |= VOID;
  if (HTML_INTEGRATION_ELEMENTS.has(name)) flags |= INTEGRATION_POINT;
  if (name === 'svg') flags |= SVG_ROOT;
  if (name === 'math') flags |= MATH_ROOT;
  if (WORD_BREAKS.has(name)) flags |= WORD_BREAK;
  if (URL_ATTRIBUTE_ELEMENTS.has(name)) flags |= URL_ATTRIBUTES;
  if (OPEN_RULES.has(name)) flags |= OPEN_RULE;
  if (CLOSE_RULES.has(name)) flags |= CLOSE_RULE;
  return { name, flags, closes: OPEN_IMPLIES_CLOSE.get(name) ?? null, content: TEXT_CONTENT_MODELS.get(name) ?? null, svg: null, html: null };
}

const known = new Map<string, TagInfo>();
for (const name of [
  ...COMMON_TAGS,
  ...VOID_ELEMENTS,
  ...OPEN_IMPLIES_CLOSE.keys(),
  ...[...OPEN_IMPLIES_CLOSE.values()].flatMap((set) => [...set]),
  ...HTML_INTEGRATION_ELEMENTS,
  ...TEXT_CONTENT_MODELS.keys(),
  ...WORD_BREAKS,
  ...URL_ATTRIBUTE_ELEMENTS,
  ...OPEN_RULES,
  ...SVG_TAG_NAMES.keys(),
]) {
  const lower = name.toLowerCase();
  if (!known.has(lower)) known.set(lower, makeInfo(lower));
}
for (const [lower, camel] of SVG_TAG_NAMES) (known.get(lower) as TagInfo).svg = makeInfo(camel);
(known.get('image') as TagInfo).html = known.get('img') as TagInfo;

const SLOTS = 1024;
const MASK = SLOTS - 1;
const table: (TagInfo | undefined)[] = new Array<TagInfo | undefined>(SLOTS).fill(undefined);

/** One step of the name hash; `| 0x20` folds ASCII letters, and lookups verify the name exactly. */
export function hashTagChar(hash: number, code: number): number {
  return (Math.imul(hash, 31) + (code | 0x20)) | 0;
}

for (const info of known.values()) {
  let hash = 0;
  for (let i = 0; i < info.name.length; i++) hash = hashTagChar(hash, info.name.charCodeAt(i));
  let slot = hash & MASK;
  while (table[slot] !== undefined) slot = (slot + 1) & MASK;
  table[slot] = info;
}

/** Unknown names seen lately (custom elements repeat), so they too cost one allocation only. */
const unknown = new Map<string, TagInfo>();
const UNKNOWN_LIMIT = 1_000;

/** The tag named by buffer[start..end), whose hashTagChar hash is `hash`; names are ASCII-case-insensitive. */
export function tagInfoAt(buffer: string, start: number, end: number, hash: number): TagInfo {
  const length = end - start;
  for (let slot = hash & MASK; ; slot = (slot + 1) & MASK) {
    const info = table[slot];
    if (info === undefined) break;
    if (info.name.length === length && sameName(buffer, start, info.name)) return info;
  }
  return tagInfo(buffer.slice(start, end).toLowerCase());
}

/** The tag named `name` (already lower-cased). */
export function tagInfo(name: string): TagInfo {
  let info = known.get(name) ?? unknown.get(name);
  if (info === undefined) {
    if (unknown.size >= UNKNOWN_LIMIT) unknown.clear();
    // The name may be a slice of the page; a cached copy must not keep the page alive.
    info = makeInfo(detachString(name));
    unknown.set(info.name, info);
  }
  return info;
}

function sameName(buffer: string, start: number, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = buffer.charCodeAt(start + i);
    const wanted = name.charCodeAt(i);
    if (code !== wanted && !(code >= 65 && code <= 90 && code + 32 === wanted)) return false;
  }
  return true;
}
