import { CONTENT_OUTCOMES } from './content-outcomes.js';
import { CRAWL_SKIPS } from './crawl-skips.js';
import { HTTP_1XX_2XX } from './http-1xx-2xx.js';
import { HTTP_3XX } from './http-3xx.js';
import { HTTP_400_409 } from './http-400-409.js';
import { HTTP_410_418 } from './http-410-418.js';
import { HTTP_421_451 } from './http-421-451.js';
import { HTTP_5XX } from './http-5xx.js';
import { HTTP_CLASS_FALLBACKS } from './http-class-fallbacks.js';
import { HTTP_CLOUDFLARE } from './http-cloudflare.js';
import { HTTP_NON_STANDARD } from './http-non-standard.js';
import type { KnowledgeEntry } from './knowledge-entry.js';
import { LINK_SYNTAX_ERRORS } from './link-syntax-errors.js';
import { NETWORK_ERRORS } from './network-errors.js';
import { REDIRECT_ERRORS } from './redirect-errors.js';
import { TLS_ERRORS } from './tls-errors.js';

/** A titled slice of the knowledge base; the order here is the order of docs/errors.md. */
export interface KnowledgeGroup {
  title: string;
  entries: readonly KnowledgeEntry[];
}

export const ENGINE_OUTCOME_GROUPS: readonly KnowledgeGroup[] = [
  { title: 'Network and DNS', entries: NETWORK_ERRORS },
  { title: 'TLS (HTTPS certificates and handshakes)', entries: TLS_ERRORS },
  { title: 'Redirects', entries: REDIRECT_ERRORS },
  { title: 'The link as written', entries: LINK_SYNTAX_ERRORS },
  { title: 'What came back', entries: CONTENT_OUTCOMES },
  { title: 'Skipped or not fetched', entries: CRAWL_SKIPS },
];

export const HTTP_STATUS_GROUPS: readonly KnowledgeGroup[] = [
  { title: 'Informational and success (1xx, 2xx)', entries: HTTP_1XX_2XX },
  { title: 'Redirects (3xx)', entries: HTTP_3XX },
  { title: 'Client errors (4xx)', entries: [...HTTP_400_409, ...HTTP_410_418, ...HTTP_421_451] },
  { title: 'Server errors (5xx)', entries: HTTP_5XX },
  { title: 'Non-standard statuses seen in the wild', entries: [...HTTP_NON_STANDARD, ...HTTP_CLOUDFLARE] },
  { title: 'Unregistered statuses, by class', entries: HTTP_CLASS_FALLBACKS },
];
