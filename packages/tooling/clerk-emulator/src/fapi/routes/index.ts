import type { FapiRoute } from '../route.js';
import { clientRoutes, environmentRoutes } from './client.js';
import { handshakeRoutes } from './handshake.js';
import { meRoutes } from './me.js';
import { meOrganizationRoutes } from './me-organizations.js';
import { organizationRoutes } from './organizations.js';
import { sessionRoutes } from './sessions.js';
import { signInRoutes } from './sign-ins.js';
import { signUpRoutes } from './sign-ups.js';

/** Every Frontend API route, literals before parameters. */
export function fapiRoutes(): FapiRoute[] {
  return [
    ...environmentRoutes(),
    ...clientRoutes(),
    ...handshakeRoutes(),
    ...sessionRoutes(),
    ...signInRoutes(),
    ...signUpRoutes(),
    ...meOrganizationRoutes(),
    ...meRoutes(),
    ...organizationRoutes(),
  ];
}

/** First path segments under /v1 that belong to the Frontend API (the rest is the Backend API). */
const FAPI_ROOTS: ReadonlySet<string> = new Set(['environment', 'client', 'me']);

/**
 * `/v1/organizations…` exists in both APIs (real Clerk serves them on different hosts): a request
 * with an `Authorization` header is the Backend API's (its secret key), one without is clerk-js's
 * (its credential is the `__client` cookie).
 */
export function isFapiRequest(root: string | undefined, headers: { authorization?: string | undefined }): boolean {
  if (root === undefined) return false;
  return FAPI_ROOTS.has(root) || (root === 'organizations' && headers.authorization === undefined);
}
