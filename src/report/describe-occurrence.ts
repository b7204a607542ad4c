import type { LinkOccurrence } from '../core/types.js';
import { toSingleLine, truncateText } from './single-line.js';

/** Long enough to recognise a link on the page, short enough to keep one occurrence on one line. */
const MAX_TEXT_LENGTH = 80;

// The attribute a reader expects for the element; naming it would only add noise.
const OBVIOUS_ATTRIBUTES = new Set(['href', 'src']);

/**
 * Where on its page a link sits, e.g. `line 12, <a> "Read more"`, in plain text; each format escapes
 * the result for its own medium.
 */
export function describeOccurrence(occurrence: LinkOccurrence): string {
  const parts: string[] = [];
  if (occurrence.line >= 1) parts.push(`line ${occurrence.line}`);
  const element = describeElement(occurrence);
  const text = toSingleLine(occurrence.text);
  const quoted = text === '' ? '' : `"${truncateText(text, MAX_TEXT_LENGTH)}"`;
  const where = [element, quoted].filter((part) => part !== '').join(' ');
  if (where !== '') parts.push(where);
  return parts.join(', ');
}

function describeElement({ element, attribute }: LinkOccurrence): string {
  if (element === '') return attribute;
  if (element === 'css') return `CSS ${attribute}`.trim();
  if (element === 'sitemap') return 'sitemap';
  if (attribute === '' || OBVIOUS_ATTRIBUTES.has(attribute)) return `<${element}>`;
  // `<img srcset>` reads as HTML; `<style> url()` names a CSS construct inside the element.
  return /^[a-z][a-z0-9-]*$/i.test(attribute) ? `<${element} ${attribute}>` : `<${element}> ${attribute}`;
}
