/**
 * The tree-construction rules the extractor follows, matching htmlparser2's HTML mode (the reference
 * implementation) so that both report the same elements closing at the same moments: which elements
 * are void, which start tags implicitly close open ones, and how SVG names are cased.
 */

/** Elements that never have content; their end tag is implied at once. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex',
  'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

const FORM_CONTROLS = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const PARAGRAPH = new Set(['p']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const TABLE_SECTIONS = new Set(['thead', 'tbody']);
const DEFINITION_ITEMS = new Set(['dd', 'dt']);
const RUBY_TEXT = new Set(['rt', 'rp']);
const PARAGRAPH_CLOSERS = [
  'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer',
  'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul',
];

/** Start tag → open elements it closes while they are the current element (e.g. `<li>` ends an open `<li>`). */
export const OPEN_IMPLIES_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['p', PARAGRAPH],
  ['h1', HEADINGS],
  ['h2', HEADINGS],
  ['h3', HEADINGS],
  ['h4', HEADINGS],
  ['h5', HEADINGS],
  ['h6', HEADINGS],
  ['select', FORM_CONTROLS],
  ['input', FORM_CONTROLS],
  ['output', FORM_CONTROLS],
  ['button', FORM_CONTROLS],
  ['datalist', FORM_CONTROLS],
  ['textarea', FORM_CONTROLS],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DEFINITION_ITEMS],
  ['dt', DEFINITION_ITEMS],
  ...PARAGRAPH_CLOSERS.map((name): [string, ReadonlySet<string>] => [name, PARAGRAPH]),
  ['rt', RUBY_TEXT],
  ['rp', RUBY_TEXT],
  ['tbody', TABLE_SECTIONS],
  ['tfoot', TABLE_SECTIONS],
]);

/** Elements inside SVG or MathML content whose children are HTML again. Names as cased after adjustment. */
export const HTML_INTEGRATION_ELEMENTS: ReadonlySet<string> = new Set([
  'mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignObject', 'desc', 'title',
]);

/** Lower-cased SVG element names → their camel-cased spelling, applied inside SVG content. */
export const SVG_TAG_NAMES: ReadonlyMap<string, string> = new Map(
  [
    'altGlyph', 'altGlyphDef', 'altGlyphItem', 'animateColor', 'animateMotion', 'animateTransform', 'clipPath',
    'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix', 'feDiffuseLighting',
    'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA', 'feFuncB', 'feFuncG', 'feFuncR',
    'feGaussianBlur', 'feImage', 'feMerge', 'feMergeNode', 'feMorphology', 'feOffset', 'fePointLight',
    'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence', 'foreignObject', 'glyphRef', 'linearGradient',
    'radialGradient', 'textPath',
  ].map((name) => [name.toLowerCase(), name]),
);

/**
 * How the content of an element is tokenized when it is not inside SVG or MathML:
 * `raw` — only `</name` ends it, no markup, no character references (`<script>`, `<style>`, ...);
 * `rcdata` — the same, but character references are decoded (`<title>`, `<textarea>`);
 * `plaintext` — never ends: the rest of the document is text.
 */
export type ContentModel = 'raw' | 'rcdata' | 'plaintext';

export const TEXT_CONTENT_MODELS: ReadonlyMap<string, ContentModel> = new Map<string, ContentModel>([
  ['script', 'raw'],
  ['style', 'raw'],
  ['iframe', 'raw'],
  ['noembed', 'raw'],
  ['noframes', 'raw'],
  ['xmp', 'raw'],
  ['title', 'rcdata'],
  ['textarea', 'rcdata'],
  ['plaintext', 'plaintext'],
]);
