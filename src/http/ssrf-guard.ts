import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { parseIp, specialRangeOf, type SpecialRange } from './ip-address.js';

/** `code` of the error a guarded lookup fails with; error-mapping turns it into BLOCKED_PRIVATE_ADDRESS. */
export const BLOCKED_ADDRESS_ERROR_CODE = 'DISLIKE404_BLOCKED_ADDRESS';

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/** Whether the client may connect to `address`, which `hostname` resolved to (or, for a literal, is). */
export type AddressPolicy = (address: string, hostname: string) => AddressVerdict;

const ALLOWED: AddressVerdict = { allowed: true };

function describeRange(address: string, range: SpecialRange): string {
  const inside = range.via === undefined ? '' : ` embedded in an ${range.via} IPv6 address`;
  return `${address} is a ${range.name} address (${range.cidr}${inside})`;
}

/** The default policy: public unicast addresses only, whatever the hostname. */
export const publicAddressesOnly: AddressPolicy = (address) => {
  const bytes = parseIp(address);
  // Fail closed: text the parser cannot read could still be something a resolver connects to.
  if (bytes === null) return { allowed: false, reason: `${address} is not a recognised IP address` };
  const range = specialRangeOf(bytes);
  return range === null ? ALLOWED : { allowed: false, reason: describeRange(address, range) };
};

export class BlockedAddressError extends Error {
  readonly code = BLOCKED_ADDRESS_ERROR_CODE;

  constructor(
    readonly hostname: string,
    readonly address: string,
    reason: string,
  ) {
    super(hostname === address ? reason : `${hostname} resolves to a refused address: ${reason}`);
    this.name = 'BlockedAddressError';
  }
}

function bareHost(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Keeps the client off addresses the policy refuses. Both halves are needed: net.connect skips the
 * lookup for IP-literal hosts, and only the lookup sees what a name resolves to at connect time,
 * which is what defeats DNS rebinding.
 */
export class NetworkGuard {
  constructor(private readonly policy: AddressPolicy = publicAddressesOnly) {}

  /** Judges a URL whose host is an IP literal; names pass here and are judged by the lookup. */
  checkUrl(url: URL): AddressVerdict {
    const host = bareHost(url);
    if (isIP(host) === 0 && parseIp(host) === null) return ALLOWED;
    return this.policy(host, host);
  }

  /** A lookup that fails the connection with BlockedAddressError when any answer is refused. */
  wrapLookup(lookup: LookupFunction = dnsLookup): LookupFunction {
    return (hostname, options, callback) => {
      lookup(hostname, options, (error, address, family) => {
        if (error !== null) {
          callback(error, address, family);
          return;
        }
        // A name with any refused answer is refused whole rather than filtered: it is internal.
        const answers = typeof address === 'string' ? [address] : address.map((entry) => entry.address);
        for (const answer of answers) {
          const verdict = this.policy(answer, hostname);
          if (!verdict.allowed) {
            callback(new BlockedAddressError(hostname, answer, verdict.reason), '');
            return;
          }
        }
        callback(null, address, family);
      });
    };
  }
}
