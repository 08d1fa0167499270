import { NextRequest } from 'next/server';

/** What a client can send to name another host or scheme than the one it reached. */
const isForwardingHeader = (name: string) => name.startsWith('x-forwarded-') || name === 'forwarded';

/**
 * The request as this app's public origin (APP_ORIGIN) would have it: Host, X-Forwarded-Host and
 * X-Forwarded-Proto set from it and any other forwarding header dropped. Clerk builds its redirects
 * (sign-in, handshake, their return URLs) from these headers, so a client's `X-Forwarded-Host:
 * evil.example` can no longer send people elsewhere. The body is not needed by Clerk and stays
 * with the original request.
 */
export function atPublicOrigin(req: NextRequest, origin: URL): NextRequest {
  const headers = new Headers();
  req.headers.forEach((value, name) => {
    if (!isForwardingHeader(name)) headers.set(name, value);
  });
  headers.set('host', origin.host);
  headers.set('x-forwarded-host', origin.host);
  headers.set('x-forwarded-proto', origin.protocol.slice(0, -1));
  return new NextRequest(new URL(`${req.nextUrl.pathname}${req.nextUrl.search}`, origin), {
    method: req.method,
    headers,
  });
}
