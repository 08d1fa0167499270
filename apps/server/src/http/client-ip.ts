import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

import type { TrustedProxies } from './trusted-proxies.js';

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) is the IPv4 address. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client's address: the socket's, unless that is a trusted proxy (TRUST_PROXY); then
 * `X-Forwarded-For` is read from the right (each proxy appends the address it got the request
 * from), skipping trusted proxies, and the first address not trusted is the client. Entries left
 * of it were written by the client and are never believed. An entry that is not an address ends
 * the walk at the proxy that passed it on.
 */
export function clientIp(req: IncomingMessage, trusted: TrustedProxies): string {
  let address = normalize(req.socket?.remoteAddress ?? '');
  if (trusted.empty || !trusted.has(address)) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalize(hops[i]!.trim());
    if (isIP(hop) === 0) return address;
    address = hop;
    if (!trusted.has(hop)) return hop;
  }
  return address;
}

/**
 * The rate-limit key for an address: IPv4 as is, IPv6 by its /64 (one subscriber's network; a
 * client rotating through its own /64 stays one key).
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}
