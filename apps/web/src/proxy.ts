import { clerkMiddleware } from '@clerk/nextjs/server';
import { type NextFetchEvent, type NextRequest, NextResponse } from 'next/server';

import { contentSecurityPolicy, makeNonce, originOf } from './security/content-security-policy';
import { isFrontendApiPath, proxyFrontendApi } from './security/frontend-api-proxy';
import { atPublicOrigin } from './security/public-origin';
import { secureResponse } from './security/response-headers';
import { serverEnv } from './server-env';

/** Pages for signed-in people only. Each page checks `auth()` itself too: the proxy is the first line. */
const PROTECTED_PREFIXES = ['/profile'];
const isProtected = (pathname: string) =>
  PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

const production = process.env.NODE_ENV === 'production';

/** Clerk's session handling; the page's request carries the nonce and policy for Next and Clerk's tags. */
const clerk = (nonce: string, csp: string) =>
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
      // Kept for what it also does: the handshake goes through this origin's /__clerk.
      frontendApiProxy: { enabled: true },
      ...(serverEnv.clerkJwtKey ? { jwtKey: serverEnv.clerkJwtKey } : {}),
    },
  );

/**
 * Next 16's request proxy (formerly middleware): Clerk's Frontend API proxied same-origin under
 * /__clerk (with a deadline and without client-supplied forwarding headers), Clerk's session
 * handling for every page with sign-in redirects for protected routes, and the security headers
 * of every response (nonce-based CSP, Permissions-Policy, HSTS over HTTPS, no debug headers).
 */
export default async function proxy(req: NextRequest, event: NextFetchEvent): Promise<Response> {
  const nonce = makeNonce();
  const csp = contentSecurityPolicy({
    nonce,
    dev: !production,
    connect: [...originOf(serverEnv.browserApiUrl), ...originOf(process.env.NEXT_PUBLIC_CLERK_FRONTEND_API_URL)],
    images: [...originOf(process.env.CLERK_FAPI_URL), ...originOf(process.env.CLERK_API_URL)],
  });
  const secure = (res: Response) => secureResponse(res, { csp, production, https: req.nextUrl.protocol === 'https:' });

  if (isFrontendApiPath(req.nextUrl.pathname)) {
    return secure(
      await proxyFrontendApi(req, {
        timeoutMs: serverEnv.frontendApiTimeoutMs,
        trustProxyHeaders: serverEnv.trustProxyHeaders,
        publishableKey: process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
        secretKey: process.env.CLERK_SECRET_KEY,
      }),
    );
  }
  // Redirects are built on the public origin, not on what the client says the host is.
  const publicReq = serverEnv.trustProxyHeaders ? req : atPublicOrigin(req, serverEnv.appOrigin);
  // Clerk's middleware always answers (a redirect, a rewrite or `next`); `next` is the fallback.
  const res = (await clerk(nonce, csp)(publicReq, event)) ?? NextResponse.next();
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
