import type { ResourceKind } from '../core/types.js';
import { classifyLinkRel } from './link-rel.js';
import { META_URL_PROPERTIES } from './meta-properties.js';
import { parseMetaRefresh } from './meta-refresh.js';

export type Attributes = Record<string, string>;

/** Read access to one element's attributes by lower-case name; the first of duplicated names wins. */
export interface AttributeSource {
  get(name: string): string | undefined;
}

/** An AttributeSource over a plain record (htmlparser2's attribute objects). */
export function recordAttributes(record: Attributes): AttributeSource {
  return { get: (name) => (Object.hasOwn(record, name) ? record[name] : undefined) };
}

export const NO_ATTRIBUTES: AttributeSource = { get: () => undefined };

/** Where emitElementLinks sends what it finds; values are raw attribute values, possibly empty. */
export interface LinkSink {
  add(value: string | undefined, attribute: string, kind: ResourceKind, navigational: boolean, text?: string): void;
  addSrcset(value: string | undefined, attribute: string, kind: ResourceKind, text?: string): void;
  /** A hyperlink whose text is the element's content, known only when it closes. */
  addAnchor(value: string | undefined, attribute: string, fallbackText: string | undefined): void;
}

/**
 * Emits the URL-bearing attributes of one start tag. A switch on the tag name keeps the per-tag cost
 * to one jump and a few attribute reads; most tags fall through without touching their attributes.
 */
export function emitElementLinks(tag: string, attribs: AttributeSource, sink: LinkSink): void {
  switch (tag) {
    case 'a': {
      const href = attribs.get('href');
      const label = attribs.get('title') ?? attribs.get('aria-label');
      if (href !== undefined) sink.addAnchor(href, 'href', label);
      else sink.addAnchor(attribs.get('xlink:href'), 'xlink:href', label);
      break;
    }
    case 'area':
      sink.add(attribs.get('href'), 'href', 'page', true, attribs.get('alt') ?? attribs.get('title') ?? attribs.get('aria-label'));
      break;
    case 'img': {
      const alt = attribs.get('alt');
      sink.add(attribs.get('src'), 'src', 'image', false, alt);
      sink.addSrcset(attribs.get('srcset'), 'srcset', 'image', alt);
      break;
    }
    case 'image': // SVG <image>; htmlparser2 renames an HTML <image> to img
    case 'feImage':
    case 'use':
      addSvgHref(attribs, sink, 'image');
      break;
    case 'script': {
      const src = attribs.get('src');
      if (src !== undefined) sink.add(src, 'src', 'script', false);
      else addSvgHref(attribs, sink, 'script');
      break;
    }
    case 'link': {
      const target = classifyLinkRel(attribs.get('rel'), attribs.get('as'), attribs.get('type'));
      if (target !== null) sink.add(attribs.get('href'), 'href', target.kind, target.navigational, attribs.get('title'));
      sink.addSrcset(attribs.get('imagesrcset'), 'imagesrcset', 'image');
      break;
    }
    case 'iframe':
    case 'frame':
      sink.add(attribs.get('src'), 'src', 'frame', true, attribs.get('title'));
      break;
    case 'video': {
      const title = attribs.get('title');
      sink.add(attribs.get('src'), 'src', 'media', false, title);
      sink.add(attribs.get('poster'), 'poster', 'image', false, title);
      break;
    }
    case 'audio':
    case 'track':
      sink.add(attribs.get('src'), 'src', 'media', false, attribs.get('title') ?? attribs.get('label'));
      break;
    case 'source':
      // src belongs to <video>/<audio> sources, srcset to <picture> ones.
      sink.add(attribs.get('src'), 'src', 'media', false);
      sink.addSrcset(attribs.get('srcset'), 'srcset', 'image');
      break;
    case 'embed':
      sink.add(attribs.get('src'), 'src', 'document', false, attribs.get('title'));
      break;
    case 'object':
      sink.add(attribs.get('data'), 'data', 'document', false, attribs.get('title'));
      break;
    case 'form':
      sink.add(attribs.get('action'), 'action', 'page', false);
      break;
    case 'input':
      if (attribs.get('type')?.trim().toLowerCase() === 'image') sink.add(attribs.get('src'), 'src', 'image', false, attribs.get('alt'));
      sink.add(attribs.get('formaction'), 'formaction', 'page', false);
      break;
    case 'button':
      sink.add(attribs.get('formaction'), 'formaction', 'page', false);
      break;
    case 'blockquote':
    case 'q':
    case 'del':
    case 'ins':
      sink.add(attribs.get('cite'), 'cite', 'page', false);
      break;
    case 'body':
    case 'table':
    case 'td':
    case 'th':
      sink.add(attribs.get('background'), 'background', 'image', false);
      break;
    case 'meta':
      emitMetaLinks(attribs, sink);
      break;
  }
}

/** SVG 2 uses plain `href`; SVG 1.1 content still uses `xlink:href`. `href` wins when both exist, as in browsers. */
function addSvgHref(attribs: AttributeSource, sink: LinkSink, kind: ResourceKind): void {
  const href = attribs.get('href');
  if (href !== undefined) sink.add(href, 'href', kind, false);
  else sink.add(attribs.get('xlink:href'), 'xlink:href', kind, false);
}

function emitMetaLinks(attribs: AttributeSource, sink: LinkSink): void {
  const content = attribs.get('content');
  if (content === undefined) return;
  const httpEquiv = attribs.get('http-equiv');
  if (httpEquiv !== undefined && httpEquiv.trim().toLowerCase() === 'refresh') {
    const url = parseMetaRefresh(content);
    if (url !== null) sink.add(url, 'content', 'page', true);
    return;
  }
  // Open Graph uses property=, Twitter cards use name=; sites mix them up, so both are read.
  const property = attribs.get('property');
  const name = attribs.get('name');
  const target =
    (property !== undefined ? META_URL_PROPERTIES.get(property.trim().toLowerCase()) : undefined) ??
    (name !== undefined ? META_URL_PROPERTIES.get(name.trim().toLowerCase()) : undefined);
  if (target !== undefined) sink.add(content, 'content', target.kind, target.navigational);
}
