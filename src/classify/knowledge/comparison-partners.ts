/**
 * Which outcome `explain` puts side by side with which. Each pair is a question site owners
 * actually ask ("is 403 worse than 401?", "should this 302 be a 301?"), so the partner is the one
 * most often confused with the entry, not simply its numeric neighbour.
 */
export const COMPARISON_PARTNERS: Readonly<Record<string, string>> = {
  HTTP_401: 'HTTP_403',
  HTTP_403: 'HTTP_401',
  HTTP_404: 'HTTP_410',
  HTTP_410: 'HTTP_404',
  HTTP_301: 'HTTP_302',
  HTTP_302: 'HTTP_301',
  // Both keep the request method, so permanence is the only thing left to decide between them.
  HTTP_307: 'HTTP_308',
  // Owners mostly wonder whether a 308 behaves like the 301 they know.
  HTTP_308: 'HTTP_301',
  HTTP_502: 'HTTP_504',
  HTTP_503: 'HTTP_502',
  HTTP_504: 'HTTP_502',
  SOFT_404: 'HTTP_404',
  REDIRECT_LOOP: 'TOO_MANY_REDIRECTS',
  TOO_MANY_REDIRECTS: 'REDIRECT_LOOP',
  DNS_NOT_FOUND: 'DNS_TIMEOUT',
  DNS_TIMEOUT: 'DNS_NOT_FOUND',
  HTTP_999: 'BOT_PROTECTION',
  BOT_PROTECTION: 'HTTP_403',
};
