import type { IncomingMessage } from 'node:http';

import { describe, expect, it } from 'vitest';

import { addressKey, clientIp } from '../../src/http/client-ip.js';
import { TrustedProxies, trustedRangesOf } from '../../src/http/trusted-proxies.js';

const req = (remoteAddress: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as IncomingMessage;

const trust = (...entries: string[]) => new TrustedProxies(entries.flatMap((e) => trustedRangesOf(e)!));

describe('the client address (TRUST_PROXY)', () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientIp(req('198.51.100.7', '203.0.113.1'), trust())).toBe('198.51.100.7');
    expect(clientIp(req('::ffff:198.51.100.7'), trust())).toBe('198.51.100.7');
  });

  it('reads X-Forwarded-For from the right, past trusted proxies only', () => {
    const proxies = trust('10.0.0.0/8', '192.0.2.1');
    // client → 192.0.2.1 → 10.1.2.3 → us: the client's entry is the first untrusted from the right.
    expect(clientIp(req('10.1.2.3', '203.0.113.9, 192.0.2.1'), proxies)).toBe('203.0.113.9');
    // What the client itself wrote further left is not believed.
    expect(clientIp(req('10.1.2.3', '1.1.1.1, 203.0.113.9'), proxies)).toBe('203.0.113.9');
    // Not from a trusted proxy: its header is the client's own claim.
    expect(clientIp(req('198.51.100.7', '203.0.113.9'), proxies)).toBe('198.51.100.7');
    // All trusted: the leftmost is as far as it goes; garbage ends the walk at the proxy that passed it.
    expect(clientIp(req('10.0.0.1', '10.0.0.2'), proxies)).toBe('10.0.0.2');
    expect(clientIp(req('10.0.0.1', 'not-an-address'), proxies)).toBe('10.0.0.1');
  });

  it('knows loopback, linklocal, uniquelocal, addresses and CIDRs, and refuses anything else', () => {
    expect(trust('loopback').has('127.0.0.1')).toBe(true);
    expect(trust('loopback').has('::1')).toBe(true);
    expect(trust('uniquelocal').has('172.20.1.1')).toBe(true);
    expect(trust('2001:db8::/32').has('2001:db8:1::5')).toBe(true);
    for (const bad of ['10.0.0.0/33', 'example.com', '10.0.0.1/8/1', '::1/129'])
      expect(trustedRangesOf(bad)).toBeNull();
  });

  it('keys IPv4 by address and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
  });
});
