/**
 * IP address text to bytes, and the special-purpose ranges a server-side fetcher must not reach.
 * Written by hand because no vetted library is installed; the range list follows the IANA
 * special-purpose registries, minus the documentation ranges, which are harmless to refuse or allow.
 */

const DECIMAL_OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/**
 * Strict dotted-decimal only: leading zeros are refused because C resolvers read them as octal,
 * and URL hosts arrive here already canonicalised by WHATWG parsing.
 */
function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => DECIMAL_OCTET.test(part))) return null;
  return Uint8Array.from(parts, Number);
}

function parseGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  for (const part of text.split(':')) {
    if (!HEX_GROUP.test(part)) return null;
    groups.push(Number.parseInt(part, 16));
  }
  return groups;
}

function parseIpv6(input: string): Uint8Array | null {
  // A zone id only picks the interface; the address itself is what gets classified.
  const zone = input.indexOf('%');
  let text = zone === -1 ? input : input.slice(0, zone);
  if (zone !== -1 && zone === input.length - 1) return null;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    tail = [(a << 8) | b, (c << 8) | d];
    // Keep a trailing ':' so '::1.2.3.4' leaves '::' behind, and 'a:b:…:f:1.2.3.4' leaves 'f:'.
    text = text.slice(0, lastColon + 1);
    text = text.endsWith('::') ? text : text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0] ?? '');
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    if (explicit > 7) return null;
    groups = [...head, ...new Array<number>(8 - explicit).fill(0), ...rest, ...tail];
  } else {
    if (explicit !== 8) return null;
    groups = [...head, ...tail];
  }
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * Address text to 4 (IPv4) or 16 (IPv6) bytes, or null when it is not an address. Accepts what
 * resolvers and URL hosts produce: dotted-decimal IPv4, IPv6 with '::', embedded IPv4, any hex
 * case, an optional zone id, and the surrounding brackets of a URL host.
 */
export function parseIp(text: string): Uint8Array | null {
  if (text.startsWith('[') && text.endsWith(']')) return parseIpv6(text.slice(1, -1));
  if (text.includes(':')) return parseIpv6(text);
  return parseIpv4(text);
}

export type RangeName =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared-cgnat'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** IPv6 forms that carry an IPv4 address, which is what actually receives the packets. */
export type Embedding = 'ipv4-mapped' | 'ipv4-translated' | 'ipv4-compatible' | 'nat64' | '6to4' | 'teredo';

export interface SpecialRange {
  name: RangeName;
  cidr: string;
  /** Set when the range was found in an IPv4 address embedded in an IPv6 one. */
  via?: Embedding;
}

interface Range {
  name: RangeName;
  cidr: string;
  prefix: readonly number[];
  bits: number;
}

function range(name: RangeName, cidr: string): Range {
  const [text = '', bits = ''] = cidr.split('/');
  const bytes = parseIp(text);
  if (bytes === null) throw new Error(`bad range literal ${cidr}`);
  return { name, cidr, prefix: [...bytes], bits: Number(bits) };
}

/** Most specific first: the first match names the range. */
const IPV4_RANGES: readonly Range[] = [
  range('unspecified', '0.0.0.0/8'),
  range('private', '10.0.0.0/8'),
  range('shared-cgnat', '100.64.0.0/10'),
  range('loopback', '127.0.0.0/8'),
  range('link-local', '169.254.0.0/16'),
  range('private', '172.16.0.0/12'),
  // IETF protocol assignments (DS-Lite, NAT64 discovery…): never a public web server.
  range('reserved', '192.0.0.0/24'),
  range('private', '192.168.0.0/16'),
  // Benchmarking range that VPNs and fake-IP proxies reuse for internal addresses.
  range('reserved', '198.18.0.0/15'),
  range('multicast', '224.0.0.0/4'),
  range('broadcast', '255.255.255.255/32'),
  range('reserved', '240.0.0.0/4'),
];

const IPV6_RANGES: readonly Range[] = [
  range('unspecified', '::/128'),
  range('loopback', '::1/128'),
  range('reserved', '100::/64'),
  // RFC 8215 local-use NAT64 puts the IPv4 address at a site-chosen offset, so it is refused whole.
  range('private', '64:ff9b:1::/48'),
  range('unique-local', 'fc00::/7'),
  range('link-local', 'fe80::/10'),
  // Deprecated site-local: still routed inside some networks.
  range('private', 'fec0::/10'),
  range('multicast', 'ff00::/8'),
];

interface EmbeddingRule {
  via: Embedding;
  prefix: readonly number[];
  bits: number;
  /** The embedded IPv4 address. */
  extract: (bytes: Uint8Array) => Uint8Array;
}

const LAST_FOUR = (bytes: Uint8Array): Uint8Array => bytes.slice(12, 16);

/** Checked after IPV6_RANGES, so '::' and '::1' are not mistaken for IPv4-compatible 0.0.0.0 and 0.0.0.1. */
const EMBEDDINGS: readonly EmbeddingRule[] = [
  { via: 'ipv4-mapped', prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], bits: 96, extract: LAST_FOUR },
  { via: 'ipv4-translated', prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], bits: 96, extract: LAST_FOUR },
  { via: 'ipv4-compatible', prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], bits: 96, extract: LAST_FOUR },
  { via: 'nat64', prefix: [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], bits: 96, extract: LAST_FOUR },
  { via: '6to4', prefix: [0x20, 0x02], bits: 16, extract: (bytes) => bytes.slice(2, 6) },
  // Teredo stores the client address bit-inverted; the relay delivers to that client.
  { via: 'teredo', prefix: [0x20, 0x01, 0, 0], bits: 32, extract: (bytes) => LAST_FOUR(bytes).map((b) => b ^ 0xff) },
];

function matches(bytes: Uint8Array, prefix: readonly number[], bits: number): boolean {
  const whole = Math.floor(bits / 8);
  for (let i = 0; i < whole; i++) if (bytes[i] !== prefix[i]) return false;
  const rest = bits % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[whole] ?? 0) & mask) === ((prefix[whole] ?? 0) & mask);
}

function firstRange(bytes: Uint8Array, ranges: readonly Range[]): SpecialRange | null {
  const found = ranges.find((candidate) => matches(bytes, candidate.prefix, candidate.bits));
  return found === undefined ? null : { name: found.name, cidr: found.cidr };
}

/**
 * The special-purpose range an address (4 or 16 bytes) falls in, or null for a public address.
 * IPv6 forms that embed an IPv4 address are judged by the embedded address.
 */
export function specialRangeOf(bytes: Uint8Array): SpecialRange | null {
  if (bytes.length === 4) return firstRange(bytes, IPV4_RANGES);
  const own = firstRange(bytes, IPV6_RANGES);
  if (own !== null) return own;
  for (const rule of EMBEDDINGS) {
    if (!matches(bytes, rule.prefix, rule.bits)) continue;
    const inner = firstRange(rule.extract(bytes), IPV4_RANGES);
    return inner === null ? null : { ...inner, via: rule.via };
  }
  return null;
}
