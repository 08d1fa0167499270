import type { IncomingMessage } from 'node:http';

import type { RequestLike } from '@stack/clerk-auth';

/**
 * What authentication reads from a request (Express's request, Fastify's or Node's own), with
 * every copy of every header. Node's `req.headers` silently keeps only the first of two
 * Authorization headers, while a proxy in front may act on the last: the two would then disagree
 * about who is calling. `headersDistinct` keeps both, so the authenticator can refuse them.
 */
export function authenticationView(req: unknown): RequestLike {
  const raw = ((req as { raw?: IncomingMessage }).raw ?? req) as IncomingMessage;
  return { method: raw.method, headers: raw.headersDistinct ?? raw.headers };
}
