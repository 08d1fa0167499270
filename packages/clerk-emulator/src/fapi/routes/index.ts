import type { FapiRoute } from '../route.js';
import { clientRoutes, environmentRoutes } from './client.js';
import { handshakeRoutes } from './handshake.js';
import { meRoutes } from './me.js';
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
    ...meRoutes(),
  ];
}

/** First path segments under /v1 that belong to the Frontend API (the rest is the Backend API). */
export const FAPI_ROOTS: ReadonlySet<string> = new Set(['environment', 'client', 'me']);
