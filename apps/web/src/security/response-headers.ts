/** What a browser gets with every response from this app, and what it must never get. */

/** Powerful features this app never uses; passkeys (WebAuthn) stay available to Clerk on this origin. */
const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=(), publickey-credentials-get=(self)';

/** Two years, subdomains included: only ever sent over HTTPS (browsers ignore it over HTTP anyway). */
const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * Debug headers Clerk's middleware adds to responses (`x-clerk-auth-status`, `-reason`, `-message`,
 * `x-clerk-debug`, …): they tell anyone why a session was refused. Request-side copies that Next
 * consumes (`x-middleware-request-*`) are left alone: `auth()` reads them.
 */
const isDebugHeader = (name: string) => name.startsWith('x-clerk-');

export function secureResponse(
  response: Response,
  { csp, https, production }: { csp: string; https: boolean; production: boolean },
): Response {
  const headers = response.headers;
  headers.set('Content-Security-Policy', csp);
  headers.set('Permissions-Policy', PERMISSIONS_POLICY);
  if (https) headers.set('Strict-Transport-Security', HSTS);
  // A redirect depends on who asked (signed in or not): no cache may keep and replay it.
  if (response.status >= 300 && response.status < 400) headers.set('Cache-Control', 'no-store');
  if (production) {
    for (const name of [...headers.keys()]) if (isDebugHeader(name)) headers.delete(name);
  }
  return response;
}
