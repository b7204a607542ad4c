import type { ResourceKind } from '../core/types.js';
import { classifyLinkRel } from './link-rel.js';
import { META_URL_PROPERTIES } from './meta-properties.js';
import { parseMetaRefresh } from './meta-refresh.js';

export type Attributes = Record<string, string>;

/** Where emitElementLinks sends what it finds; values are raw attribute values, possibly empty. */
export interface LinkSink {
  add(value: string | undefined, attribute: string, kind: ResourceKind, navigational: boolean, text?: string): void;
  addSrcset(value: string | undefined, attribute: string, kind: ResourceKind, text?: string): void;
  /** A hyperlink whose text is the element's content, known only when it closes. */
  addAnchor(value: string | undefined, attribute: string, fallbackText: string | undefined): void;
}

/**
 * Emits the URL-bearing attributes of one start tag. A switch on the tag name keeps the per-tag cost
 * to one jump and a few property reads; most tags fall through without touching their attributes.
 */
export function emitElementLinks(tag: string, attribs: Attributes, sink: LinkSink): void {
  switch (tag) {
    case 'a':
      if (attribs.href !== undefined) sink.addAnchor(attribs.href, 'href', attribs.title ?? attribs['aria-label']);
      else sink.addAnchor(attribs['xlink:href'], 'xlink:href', attribs.title ?? attribs['aria-label']);
      break;
    case 'area':
      sink.add(attribs.href, 'href', 'page', true, attribs.alt ?? attribs.title ?? attribs['aria-label']);
      break;
    case 'img':
      sink.add(attribs.src, 'src', 'image', false, attribs.alt);
      sink.addSrcset(attribs.srcset, 'srcset', 'image', attribs.alt);
      break;
    case 'image': // SVG <image>; htmlparser2 renames an HTML <image> to img
    case 'feImage':
    case 'use':
      addSvgHref(attribs, sink, 'image');
      break;
    case 'script':
      if (attribs.src !== undefined) sink.add(attribs.src, 'src', 'script', false);
      else addSvgHref(attribs, sink, 'script');
      break;
    case 'link': {
      const target = classifyLinkRel(attribs.rel, attribs.as, attribs.type);
      if (target !== null) sink.add(attribs.href, 'href', target.kind, target.navigational, attribs.title);
      sink.addSrcset(attribs.imagesrcset, 'imagesrcset', 'image');
      break;
    }
    case 'iframe':
    case 'frame':
      sink.add(attribs.src, 'src', 'frame', true, attribs.title);
      break;
    case 'video':
      sink.add(attribs.src, 'src', 'media', false, attribs.title);
      sink.add(attribs.poster, 'poster', 'image', false, attribs.title);
      break;
    case 'audio':
    case 'track':
      sink.add(attribs.src, 'src', 'media', false, attribs.title ?? attribs.label);
      break;
    case 'source':
      // src belongs to <video>/<audio> sources, srcset to <picture> ones.
      sink.add(attribs.src, 'src', 'media', false);
      sink.addSrcset(attribs.srcset, 'srcset', 'image');
      break;
    case 'embed':
      sink.add(attribs.src, 'src', 'document', false, attribs.title);
      break;
    case 'object':
      sink.add(attribs.data, 'data', 'document', false, attribs.title);
      break;
    case 'form':
      sink.add(attribs.action, 'action', 'page', false);
      break;
    case 'input':
      if (attribs.type?.trim().toLowerCase() === 'image') sink.add(attribs.src, 'src', 'image', false, attribs.alt);
      sink.add(attribs.formaction, 'formaction', 'page', false);
      break;
    case 'button':
      sink.add(attribs.formaction, 'formaction', 'page', false);
      break;
    case 'blockquote':
    case 'q':
    case 'del':
    case 'ins':
      sink.add(attribs.cite, 'cite', 'page', false);
      break;
    case 'body':
    case 'table':
    case 'td':
    case 'th':
      sink.add(attribs.background, 'background', 'image', false);
      break;
    case 'meta':
      emitMetaLinks(attribs, sink);
      break;
  }
}

/** SVG 2 uses plain `href`; SVG 1.1 content still uses `xlink:href`. `href` wins when both exist, as in browsers. */
function addSvgHref(attribs: Attributes, sink: LinkSink, kind: ResourceKind): void {
  if (attribs.href !== undefined) sink.add(attribs.href, 'href', kind, false);
  else sink.add(attribs['xlink:href'], 'xlink:href', kind, false);
}

function emitMetaLinks(attribs: Attributes, sink: LinkSink): void {
  const content = attribs.content;
  if (content === undefined) return;
  const httpEquiv = attribs['http-equiv'];
  if (httpEquiv !== undefined && httpEquiv.trim().toLowerCase() === 'refresh') {
    const url = parseMetaRefresh(content);
    if (url !== null) sink.add(url, 'content', 'page', true);
    return;
  }
  // Open Graph uses property=, Twitter cards use name=; sites mix them up, so both are read.
  const target =
    (attribs.property !== undefined ? META_URL_PROPERTIES.get(attribs.property.trim().toLowerCase()) : undefined) ??
    (attribs.name !== undefined ? META_URL_PROPERTIES.get(attribs.name.trim().toLowerCase()) : undefined);
  if (target !== undefined) sink.add(content, 'content', target.kind, target.navigational);
}
