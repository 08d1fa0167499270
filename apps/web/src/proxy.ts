import { clerkMiddleware } from '@clerk/nextjs/server';

import { serverEnv } from './server-env';

/** Pages for signed-in people only. Each page checks `auth()` itself too: the proxy is the first line. */
const PROTECTED_PREFIXES = ['/profile'];
const isProtected = (pathname: string) =>
  PROTECTED_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

/**
 * Next 16's request proxy (formerly middleware): Clerk's session handling for every page, the
 * same-origin Frontend API proxy under /__clerk, and sign-in redirects for protected routes.
 */
export default clerkMiddleware(
  async (auth, req) => {
    if (isProtected(req.nextUrl.pathname)) await auth.protect();
  },
  {
    frontendApiProxy: { enabled: true },
    ...(serverEnv.clerkJwtKey ? { jwtKey: serverEnv.clerkJwtKey } : {}),
  },
);

export const config = {
  matcher: [
    // Skip Next internals and static files, unless found in search params.
    '/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)',
    // Clerk's Frontend API proxy serves scripts too, so it must match `*.js`.
    '/__clerk/(.*)',
  ],
};
