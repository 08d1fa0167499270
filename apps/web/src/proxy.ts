import { clerkMiddleware, createRouteMatcher } from '@clerk/nextjs/server';

import { serverEnv } from './server-env';

const isProtectedRoute = createRouteMatcher(['/profile(.*)']);

/**
 * Next 16's request proxy (formerly middleware): Clerk's session handling for every page, the
 * same-origin Frontend API proxy under /__clerk, and sign-in redirects for protected routes.
 */
export default clerkMiddleware(
  async (auth, req) => {
    if (isProtectedRoute(req)) await auth.protect();
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
