import { html, type RawHtml } from '../html.js';

/** True for absolute http(s) URLs, the only crawled URLs we ever make clickable. */
export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A crawled URL as a link when it is http(s), else as inert text: a `javascript:` or `data:` URL
 * taken from someone's page must never run in ours. Links leave without our Referer or opener.
 */
export function safeLink(url: string, text: string = url): RawHtml {
  if (!isWebUrl(url)) return html`<code class="url">${text}</code>`;
  return html`<a href="${url}" rel="noopener noreferrer nofollow" target="_blank" class="url">${text}</a>`;
}
