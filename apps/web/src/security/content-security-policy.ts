/**
 * The Content-Security-Policy of every page: scripts only with this response's nonce (Next's inline
 * scripts and Clerk's script tags get it from the request header) and whatever those load
 * ('strict-dynamic': clerk-js and @clerk/ui chunks, served same-origin under /__clerk). The rest
 * follows Clerk's documented directives: its CSS-in-JS needs inline styles, its workers blob:,
 * bot protection Cloudflare's frames, avatars img.clerk.com.
 */
export interface CspOptions {
  nonce: string;
  /** `next dev` evaluates code (React Refresh): 'unsafe-eval' there, never in production. */
  dev: boolean;
  /** Origins the browser talks to besides this one: the API, and Clerk's Frontend API when not proxied. */
  connect: string[];
  /** Origins avatars may come from besides https: (the emulator serves them over http). */
  images: string[];
}

const CLOUDFLARE_CHALLENGES = 'https://challenges.cloudflare.com';

export function contentSecurityPolicy({ nonce, dev, connect, images }: CspOptions): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': [
      "'self'",
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      ...(dev ? ["'unsafe-eval'"] : []),
      CLOUDFLARE_CHALLENGES,
    ],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https://img.clerk.com', 'https:', ...images],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...connect],
    'frame-src': ["'self'", CLOUDFLARE_CHALLENGES],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${[...new Set(values)].join(' ')}`)
    .join('; ');
}

/** 128 random bits, base64: a fresh nonce per response. */
export function makeNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/** The origin of a URL, or nothing when it is unset or not a URL. */
export function originOf(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return [new URL(url).origin];
  } catch {
    return [];
  }
}
