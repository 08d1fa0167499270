import { BlockList, isIP } from 'node:net';

/** Named ranges TRUST_PROXY accepts besides addresses and CIDRs (as Express's `trust proxy` names them). */
const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** Parses one TRUST_PROXY entry into CIDRs; null when it is not an address, a CIDR or a known name. */
export function trustedRangesOf(entry: string): string[] | null {
  const named = NAMED_RANGES[entry];
  if (named) return [...named];
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return null;
  const max = family === 4 ? 32 : 128;
  if (bits === undefined) return [`${address}/${max}`];
  const prefix = Number(bits);
  return /^\d{1,3}$/.test(bits) && prefix <= max ? [`${address}/${prefix}`] : null;
}

/** The proxies whose `X-Forwarded-For` entries are believed (TRUST_PROXY). */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(cidrs: readonly string[]) {
    for (const cidr of cidrs) {
      const [address, bits] = cidr.split('/') as [string, string];
      this.list.addSubnet(address, Number(bits), isIP(address) === 4 ? 'ipv4' : 'ipv6');
    }
    this.empty = cidrs.length === 0;
  }

  has(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
