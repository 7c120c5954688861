/**
 * SSRF guard for merchant notification targets (docs/decisions.md, decision 7): HTTPS only, and
 * never a private, loopback, link-local, reserved or otherwise non-public address, IPv4 or IPv6
 * (only the local stack relaxes this). The check *is* the resolver (`guardedLookup`, passed to
 * `http(s).request`), so the address we connect to is the address we checked: no DNS rebinding.
 */
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Thrown when a target URL or one of its addresses is not allowed. Never retried. */
export class BlockedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlockedTargetError';
  }
}

export interface GuardOptions {
  /** Allow http:// and private/loopback addresses (local stack only). @default false */
  allowPrivate?: boolean;
}

const blocked = new BlockList();
// IPv4: "this network", RFC 1918, CGNAT, loopback, link-local (incl. 169.254.169.254 metadata),
// IETF protocol assignments, documentation nets, benchmarking, multicast, reserved, broadcast.
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
// IPv6: unspecified, loopback, NAT64/discard/documentation prefixes, unique-local, link-local,
// site-local (deprecated), multicast. IPv4-mapped (::ffff:0:0/96) is unwrapped and checked as v4.
for (const [net, prefix] of [
  // Unspecified, loopback and the deprecated IPv4-compatible form (::a.b.c.d).
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** `::ffff:10.0.0.1` and `::ffff:a00:1` → `10.0.0.1`; anything else unchanged. */
function unwrapMappedV4(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] && hex[2]) {
    const hi = Number.parseInt(hex[1], 16);
    const lo = Number.parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return address;
}

/** True when an IP literal is a public unicast address we may connect to. */
export function isPublicAddress(address: string): boolean {
  const unwrapped = unwrapMappedV4(address.replace(/^\[|\]$/g, ''));
  const family = isIP(unwrapped);
  if (family === 0) return false;
  return !blocked.check(unwrapped, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Checks the URL's shape (scheme, credentials, IP-literal host) before any network access.
 * Returns the parsed URL.
 */
export function checkTargetUrl(raw: string, options: GuardOptions = {}): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BlockedTargetError('The notification URL is not a valid absolute URL.');
  }
  const allowHttp = options.allowPrivate === true && url.protocol === 'http:';
  if (url.protocol !== 'https:' && !allowHttp) {
    throw new BlockedTargetError('The notification URL must use https.');
  }
  if (url.username || url.password) {
    throw new BlockedTargetError('The notification URL must not carry credentials.');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !options.allowPrivate && !isPublicAddress(host)) {
    throw new BlockedTargetError('The notification URL points at a non-public address.');
  }
  return url;
}

/** Resolves a host name and returns every address, refusing if any one of them is not public. */
export async function resolvePublicAddresses(
  hostname: string,
  options: GuardOptions = {},
): Promise<LookupAddress[]> {
  const host = hostname.replace(/^\[|\]$/g, '');
  const addresses =
    isIP(host) !== 0
      ? [{ address: host, family: isIP(host) }]
      : await dns.lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new BlockedTargetError(`${host} did not resolve.`);
  if (!options.allowPrivate) {
    // Every address must pass: a name resolving to one public and one private address is refused.
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) throw new BlockedTargetError(`${host} resolves to a non-public address.`);
  }
  return addresses;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for `http(s).request` / `net.connect` that only ever hands back checked addresses,
 * so the connection is pinned to what the guard approved (no DNS-rebinding window).
 */
export function guardedLookup(options: GuardOptions = {}) {
  return (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback): void => {
    resolvePublicAddresses(hostname, options).then(
      (addresses) => {
        if (lookupOptions.all) {
          callback(null, addresses);
          return;
        }
        const first = addresses[0] as LookupAddress;
        callback(null, first.address, first.family);
      },
      (error: Error) => {
        callback(Object.assign(error, { code: 'EBLOCKED' }) as NodeJS.ErrnoException, '');
      },
    );
  };
}
