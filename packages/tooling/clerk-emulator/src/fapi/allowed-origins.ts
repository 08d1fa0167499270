import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * A configured origin as Clerk's "allowed origins" take it: scheme, host and port, nothing else
 * (`http://localhost:3000`, a trailing `/` tolerated). Anything more is a configuration mistake.
 */
export function normalizeAllowedOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`allowed origin must be an http(s) origin, got ${JSON.stringify(value)}`);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.password !== '' ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    !/^https?:\/\/[^/?#]+\/?$/i.test(value)
  )
    throw new TypeError(`allowed origin must be scheme://host[:port] only, got ${JSON.stringify(value)}`);
  return url.origin;
}

const single = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Which web origins may drive this instance's Frontend API (send state-changing requests, be the
 * target of a redirect): the configured ones (Clerk's allowed origins), the emulator's own
 * origin (the playground), and, for a request that came through the app's Frontend API proxy,
 * the proxy's own origin. The proxy (`clerkFrontendApiProxy`) proves itself with the instance's
 * secret key (`Clerk-Secret-Key`), as it does to Clerk; a browser cannot forge that header, and
 * on a cross-site form post the Origin (the attacker's page) differs from the proxy's origin.
 */
export class AllowedOrigins {
  readonly #configured = new Set<string>();
  readonly #own = new Set<string>();
  readonly #secretKey: () => string;

  constructor(configured: readonly string[], secretKey: () => string) {
    for (const origin of configured) this.#configured.add(normalizeAllowedOrigin(origin));
    this.#secretKey = secretKey;
  }

  /** Adds an origin at runtime (an app whose port is known only after the emulator started). */
  add(origin: string): void {
    this.#configured.add(normalizeAllowedOrigin(origin));
  }

  /** The emulator's own URL(s), once it listens. */
  addOwn(origin: string): void {
    this.#own.add(new URL(origin).origin);
  }

  get configured(): string[] {
    return [...this.#configured];
  }

  /** The origins a request may name, given its headers (the verified proxy adds its own origin). */
  allows(origin: string, headers: IncomingHttpHeaders): boolean {
    if (this.#configured.has(origin) || this.#own.has(origin)) return true;
    return origin === verifiedProxyOrigin(headers, this.#secretKey());
  }
}

function verifiedProxyOrigin(headers: IncomingHttpHeaders, secretKey: string): string | undefined {
  const proxyUrl = single(headers, 'clerk-proxy-url');
  const secret = single(headers, 'clerk-secret-key');
  if (!proxyUrl || !secret || !sameSecret(secret, secretKey)) return undefined;
  try {
    const url = new URL(proxyUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
