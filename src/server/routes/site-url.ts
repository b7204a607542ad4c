import { z } from 'zod';

/**
 * A site's start URL: http(s) only, no credentials (they would be stored and shown), normalised
 * the way the CLI stores it so the same site is not added twice under two spellings.
 */
export const siteUrl = z
  .string()
  .trim()
  .min(1, 'enter the URL of your site')
  .max(2048)
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected a URL such as https://example.com, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: `only http and https sites can be scanned, got ${url.protocol}` });
      return z.NEVER;
    }
    if (url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'the URL must not contain a user name or password' });
      return z.NEVER;
    }
    url.hash = '';
    return url.href;
  });
