import { clerkMiddleware } from '@clerk/nextjs/server';
import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server';

import type { WebConfig } from './config/web-config';
import { contentSecurityPolicy, makeNonce, originOf } from './security/content-security-policy';
import { isFrontendApiPath, proxyFrontendApi } from './security/frontend-api-proxy';
import { atPublicOrigin } from './security/public-origin';
import { secureResponse } from './security/response-headers';
import { serverEnv } from './server-env';

/** Pages for signed-in people only. Each page checks `auth()` itself too: the proxy is the first line. */
const PROTECTED_PREFIXES = ['/profile', '/notes', '/organization'];
const isProtected = (pathname: string) =>
  PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

const production = process.env.NODE_ENV === 'production';

/** Clerk's session handling; the page's request carries the nonce and policy for Next and Clerk's tags. */
const clerk = (nonce: string, csp: string, clerkConfig: WebConfig['clerk']) =>
  clerkMiddleware(
    async (auth, req) => {
      if (isProtected(req.nextUrl.pathname)) await auth.protect();
      // Next reads the nonce for its own inline scripts from the request's CSP header; Clerk's
      // <ClerkProvider dynamic> reads X-Nonce for its script tags.
      const headers = new Headers(req.headers);
      headers.set('x-nonce', nonce);
      headers.set('content-security-policy', csp);
      return NextResponse.next({ request: { headers } });
    },
    {
      // The keys and CLERK_API_URL: @clerk/nextjs reads them from the environment itself (passing a
      // secret key here would make it a per-request "dynamic key", which needs CLERK_ENCRYPTION_KEY).
      // With this app's own proxy, kept for what it also does: the handshake goes through /__clerk.
      frontendApiProxy: { enabled: clerkConfig.ownProxy },
      ...(clerkConfig.jwtKey ? { jwtKey: clerkConfig.jwtKey } : {}),
    },
  );

/**
 * Next 16's request proxy (formerly middleware): Clerk's Frontend API proxied same-origin under
 * /__clerk (with a deadline and without client-supplied forwarding headers), Clerk's session
 * handling for every page with sign-in redirects for protected routes, and the security headers
 * of every response (nonce-based CSP, Permissions-Policy, HSTS over HTTPS, no debug headers).
 */
export default async function proxy(req: NextRequest, event: NextFetchEvent): Promise<Response> {
  const env = serverEnv();
  const clerkConfig = env.clerk;
  const nonce = makeNonce();
  const csp = contentSecurityPolicy({
    nonce,
    dev: !production,
    // Without this app's proxy, clerk-js calls Clerk's Frontend API (or the proxy in front of it) itself.
    connect: [
      ...originOf(env.browserApiUrl),
      ...(clerkConfig.ownProxy ? [] : originOf(clerkConfig.proxyUrl ?? clerkConfig.frontendApiUrl)),
    ],
    // Avatars from a Clerk served over http (the local emulator).
    images: [...originOf(clerkConfig.frontendApiUrl), ...originOf(clerkConfig.apiUrl)],
  });
  const secure = (res: Response) => secureResponse(res, { csp, production, https: req.nextUrl.protocol === 'https:' });

  if (clerkConfig.ownProxy && isFrontendApiPath(req.nextUrl.pathname)) {
    return secure(
      await proxyFrontendApi(req, {
        timeoutMs: env.frontendApiTimeoutMs,
        trustProxyHeaders: env.trustProxyHeaders,
        publishableKey: clerkConfig.publishableKey,
        secretKey: clerkConfig.secretKey,
        fapiUrl: clerkConfig.frontendApiUrl,
      }),
    );
  }
  // Redirects are built on the public origin, not on what the client says the host is.
  const publicReq = env.trustProxyHeaders ? req : atPublicOrigin(req, env.appOrigin);
  // Clerk's middleware always answers (a redirect, a rewrite or `next`); `next` is the fallback.
  const res = (await clerk(nonce, csp, clerkConfig)(publicReq, event)) ?? NextResponse.next();
  return secure(production ? withoutSameUrlRewrite(res, req) : res);
}

/**
 * Clerk turns "continue" into a rewrite to the very same URL, and Next then echoes the rewrite to
 * the browser as `x-middleware-rewrite`. The same URL needs no rewrite: continue instead (the
 * request headers Clerk set for `auth()` travel with `next` just the same).
 */
function withoutSameUrlRewrite(res: Response, req: NextRequest): Response {
  const rewrite = res.headers.get('x-middleware-rewrite');
  if (!rewrite) return res;
  const target = new URL(rewrite, req.url);
  if (target.pathname !== req.nextUrl.pathname || target.search !== req.nextUrl.search) return res;
  res.headers.delete('x-middleware-rewrite');
  res.headers.set('x-middleware-next', '1');
  return res;
}

export const config = {
  matcher: [
    // Skip Next internals and static files, unless found in search params.
    '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
    // Clerk's Frontend API proxy serves scripts too, so it must match `*.js`.
    '/__clerk/(.*)',
  ],
};
