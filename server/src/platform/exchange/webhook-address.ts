import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may not point (SSRF): an enterprise registers the URL, and the platform's own
 * network sits behind it. Loopback, private (RFC 1918), shared (CGNAT), link-local (the cloud
 * metadata service at 169.254.169.254), unique-local, multicast, documentation and reserved ranges
 * are refused unless WEBHOOK_ALLOW_PRIVATE=on (an intranet whose receivers have private addresses).
 * IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are checked against the IPv4 ranges, and so are
 * the IPv4 addresses inside NAT64 and 6to4 ones.
 */
const NOT_PUBLIC = new BlockList();
const NOT_PUBLIC_V4: readonly (readonly [string, number])[] = [
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
];
for (const [network, prefix] of NOT_PUBLIC_V4) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible form (::127.0.0.1)
  ['::ffff:0:0:0', 96], // IPv4-translated
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64],
  ['2001::', 32], // Teredo
  ['2001:2::', 48], // benchmarking
  ['2001:db8::', 32],
  ['3fff::', 20], // documentation (RFC 9637)
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
// An IPv4 address carried inside IPv6 by NAT64 (64:ff9b::/96) or 6to4 (2002::/16) reaches that
// IPv4 host: the IPv4 ranges above are refused there too.
for (const [network, prefix] of NOT_PUBLIC_V4) {
  const [a = 0, b = 0, c = 0, d = 0] = network.split('.').map(Number);
  const high = ((a << 8) | b).toString(16);
  const low = ((c << 8) | d).toString(16);
  NOT_PUBLIC.addSubnet(`64:ff9b::${high}:${low}`, 96 + prefix, 'ipv6');
  NOT_PUBLIC.addSubnet(`2002:${high}:${low}::`, 16 + prefix, 'ipv6');
}

/** True for an address on the public internet; false for private, loopback, link-local and the like. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The URL's host when it is an IP address ([::1] without its brackets), else undefined. */
export function literalAddress(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : undefined;
}

export class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    const what = host === address ? `${host} is` : `${host} resolves to ${address},`;
    super(`refused: ${what} not a public address (WEBHOOK_ALLOW_PRIVATE is off)`);
    this.name = 'PrivateAddressError';
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A DNS lookup for outgoing webhook requests that fails when any address of the name is not
 * public. The connection uses the addresses checked here, so a name cannot pass the check and
 * then resolve elsewhere (DNS rebinding).
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) return callback(new PrivateAddressError(hostname, refused.address), []);
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first)
      return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
