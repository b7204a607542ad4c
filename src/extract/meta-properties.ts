import type { LinkTarget } from './link-rel.js';

/**
 * `<meta property|name=... content=URL>` entries whose content is a URL that social previews and
 * browsers fetch. Keys are lower-cased because sites spell them inconsistently.
 */
export const META_URL_PROPERTIES: ReadonlyMap<string, LinkTarget> = new Map<string, LinkTarget>([
  ['og:image', { kind: 'image', navigational: false }],
  ['og:image:url', { kind: 'image', navigational: false }],
  ['og:image:secure_url', { kind: 'image', navigational: false }],
  ['og:url', { kind: 'page', navigational: true }],
  ['og:video', { kind: 'media', navigational: false }],
  ['og:video:url', { kind: 'media', navigational: false }],
  ['og:video:secure_url', { kind: 'media', navigational: false }],
  ['og:audio', { kind: 'media', navigational: false }],
  ['og:audio:url', { kind: 'media', navigational: false }],
  ['og:audio:secure_url', { kind: 'media', navigational: false }],
  ['twitter:image', { kind: 'image', navigational: false }],
  ['twitter:image:src', { kind: 'image', navigational: false }],
  ['twitter:player', { kind: 'frame', navigational: false }],
  ['msapplication-tileimage', { kind: 'image', navigational: false }],
  ['msapplication-config', { kind: 'other', navigational: false }],
]);
