import type { ErrorCode } from '../core/error-codes.js';
import { validateDataUrl, validateMailto } from '../extract/special-schemes.js';

/**
 * What to do with a link by its scheme. http(s) is fetched; mailto/data are validated offline;
 * schemes a browser hands to another app are legitimate and ignored; anything else (file:, typos
 * like htp:) cannot work for a visitor and is reported.
 */
export type SchemeVerdict = { action: 'fetch' } | { action: 'ignore' } | { action: 'report'; error: ErrorCode; detail: string };

const IGNORED_SCHEMES = new Set([
  'javascript:', 'tel:', 'sms:', 'callto:', 'skype:', 'whatsapp:', 'facetime:', 'facetime-audio:', 'fax:',
  'ftp:', 'ftps:', 'sftp:', 'ssh:', 'git:', 'svn:', 'irc:', 'ircs:', 'xmpp:', 'news:', 'nntp:', 'webcal:',
  'magnet:', 'urn:', 'geo:', 'maps:', 'market:', 'itms-apps:', 'itms-services:', 'intent:', 'about:', 'blob:',
  'chrome:', 'slack:', 'zoommtg:', 'msteams:', 'spotify:', 'steam:', 'bitcoin:', 'ethereum:', 'matrix:',
  'ws:', 'wss:', 'feed:', 'sip:', 'sips:', 'tg:', 'viber:', 'signal:', 'mms:', 'vnc:', 'rdp:', 'ldap:',
]);

export function judgeScheme(protocol: string, href: string): SchemeVerdict {
  switch (protocol) {
    case 'http:':
    case 'https:':
      return { action: 'fetch' };
    case 'mailto:': {
      const v = validateMailto(href);
      return v.valid ? { action: 'ignore' } : { action: 'report', error: 'INVALID_MAILTO', detail: v.reason };
    }
    case 'data:': {
      const v = validateDataUrl(href);
      return v.valid ? { action: 'ignore' } : { action: 'report', error: 'INVALID_DATA_URL', detail: v.reason };
    }
    default:
      if (IGNORED_SCHEMES.has(protocol) || /^web\+[a-z]+:$/.test(protocol)) return { action: 'ignore' };
      return { action: 'report', error: 'UNSUPPORTED_SCHEME', detail: `${protocol.slice(0, -1)} links cannot be opened by a visitor's browser` };
  }
}
