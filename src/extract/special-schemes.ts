export type SchemeValidation = { valid: true } | { valid: false; reason: string };

const VALID: SchemeValidation = { valid: true };

function invalid(reason: string): SchemeValidation {
  return { valid: false, reason };
}

/** Headers of a mailto: query whose values are addresses (RFC 6068). */
const ADDRESS_HEADERS = new Set(['to', 'cc', 'bcc']);

/**
 * Checks that every address in a mailto: URL (path and to/cc/bcc headers) is plausible. A mailto:
 * with no address but a subject or body is a "share by email" link and is valid; a bare `mailto:` is not.
 */
export function validateMailto(url: string): SchemeValidation {
  if (url.slice(0, 7).toLowerCase() !== 'mailto:') return invalid('not a mailto: URL');
  const hash = url.indexOf('#');
  const rest = url.slice(7, hash === -1 ? undefined : hash);
  const question = rest.indexOf('?');
  const path = question === -1 ? rest : rest.slice(0, question);
  const query = question === -1 ? '' : rest.slice(question + 1);

  const lists = [path];
  let hasOtherHeaders = false;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = (equals === -1 ? pair : pair.slice(0, equals)).toLowerCase();
    if (ADDRESS_HEADERS.has(name)) lists.push(equals === -1 ? '' : pair.slice(equals + 1));
    else hasOtherHeaders = true;
  }

  const addresses: string[] = [];
  for (const list of lists) {
    const decoded = percentDecode(list);
    if (decoded === null) return invalid('malformed percent-encoding');
    for (const address of decoded.split(',')) {
      const trimmed = address.trim();
      if (trimmed !== '') addresses.push(trimmed);
    }
  }
  if (addresses.length === 0) return hasOtherHeaders ? VALID : invalid('no email address');
  for (const address of addresses) {
    const problem = addressProblem(address);
    if (problem !== null) return invalid(`"${address}": ${problem}`);
  }
  return VALID;
}

function percentDecode(value: string): string | null {
  if (value.indexOf('%') === -1) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** Characters that cannot appear unquoted in a local part (RFC 5322 specials and whitespace). */
const LOCAL_FORBIDDEN = /[\s()<>[\]\\,;:"@]/;
/** Characters that cannot be part of a host name here; checked before the URL parser, which would read them as port, path, etc. */
const DOMAIN_FORBIDDEN = /[\s/\\?#@:%<>[\]"',;()]/;

function addressProblem(written: string): string | null {
  // "Name <user@example.com>" is not RFC 6068, but every mail client accepts it.
  const angle = /<([^<>]*)>\s*$/.exec(written);
  const address = angle === null ? written : (angle[1] ?? '').trim();
  const at = address.lastIndexOf('@');
  if (at === -1) return 'missing @';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '') return 'nothing before @';
  if (local.length > 64) return 'local part longer than 64 characters';
  const quoted = local.length >= 2 && local.startsWith('"') && local.endsWith('"');
  if (!quoted && LOCAL_FORBIDDEN.test(local)) return 'invalid character before @';
  if (domain === '') return 'nothing after @';
  return domainProblem(domain);
}

function domainProblem(domain: string): string | null {
  if (domain.startsWith('[') && domain.endsWith(']')) return addressLiteralProblem(domain.slice(1, -1));
  if (DOMAIN_FORBIDDEN.test(domain)) return 'invalid character in domain';
  const host = parseHost(domain);
  if (host === null) return 'invalid domain';
  const isIdn = /[\u0080-\uffff]/.test(domain);
  const labels = host.split('.');
  if (labels.length < 2 && !isIdn) return 'domain has no dot';
  if (labels.some((label) => label === '')) return 'empty label in domain';
  for (const label of labels) {
    if (label.length > 63) return 'domain label longer than 63 characters';
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(label)) return 'invalid character in domain';
  }
  const tld = labels[labels.length - 1] ?? '';
  if (!isIdn && (tld.length < 2 || /^[0-9]+$/.test(tld))) return 'implausible top-level domain';
  return null;
}

/** RFC 5321 address literals: `[192.0.2.1]` or `[IPv6:2001:db8::1]`. */
function addressLiteralProblem(literal: string): string | null {
  if (literal.slice(0, 5).toLowerCase() === 'ipv6:') {
    return parseHost(`[${literal.slice(5)}]`) === null ? 'invalid address literal' : null;
  }
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(literal) && parseHost(literal) !== null ? null : 'invalid address literal';
}

/** The URL parser applies IDNA (so `bücher.de` becomes `xn--bcher-kva.de`) and rejects forbidden code points. */
function parseHost(domain: string): string | null {
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/** RFC 2397 `data:[<mediatype>][;base64],<data>`, with the base64 payload decoded as browsers do (forgiving-base64). */
export function validateDataUrl(url: string): SchemeValidation {
  if (url.slice(0, 5).toLowerCase() !== 'data:') return invalid('not a data: URL');
  const hash = url.indexOf('#');
  const body = url.slice(5, hash === -1 ? undefined : hash);
  const comma = body.indexOf(',');
  if (comma === -1) return invalid('missing "," before the data');
  let header = body.slice(0, comma).trim();
  const data = body.slice(comma + 1);

  const base64 = /;[\t\n\f\r ]*base64[\t\n\f\r ]*$/i.test(header);
  if (base64) header = header.slice(0, header.lastIndexOf(';'));
  const [type = '', ...parameters] = header.split(';');
  const mediaType = type.trim();
  if (mediaType !== '' && !MEDIA_TYPE.test(mediaType)) return invalid(`malformed media type "${mediaType}"`);
  for (const parameter of parameters) {
    if (parameter.trim() !== '' && parameter.indexOf('=') === -1) return invalid(`malformed parameter "${parameter.trim()}"`);
  }

  if (!base64) {
    // A frequent slip that browsers render as garbage text, never as the intended image.
    if (data.slice(0, 7).toLowerCase() === 'base64,') return invalid('";base64" written as ",base64"');
    return VALID;
  }
  return base64Problem(data);
}

function base64Problem(data: string): SchemeValidation {
  const decoded = data.indexOf('%') === -1 ? data : data.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  let payload = decoded.replace(/[\t\n\f\r ]+/g, '');
  if (payload.length % 4 === 0) {
    if (payload.endsWith('==')) payload = payload.slice(0, -2);
    else if (payload.endsWith('=')) payload = payload.slice(0, -1);
  }
  for (let index = 0; index < payload.length; index++) {
    if (!isBase64Char(payload.charCodeAt(index))) {
      return invalid(`invalid base64 character "${payload[index] ?? ''}"`);
    }
  }
  return payload.length % 4 === 1 ? invalid('base64 data has an impossible length') : VALID;
}

function isBase64Char(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 43 || code === 47;
}
