import type { TRPCError } from '@trpc/server';

import { answerForServiceError } from '@stack/contracts';

import type { TRPCContext } from './trpc.js';

/**
 * HTTP headers the API asks every host to send. Responses to a signed-in caller are personal, so
 * no shared cache may keep them; a 503 or a 429 says when to come back.
 */
export function apiResponseHeaders(opts: {
  ctx?: TRPCContext | undefined;
  errors: readonly TRPCError[];
  type?: string;
}): Record<string, string> {
  const headers: Record<string, string> = {};
  // A live stream also keeps tRPC's `no-transform`: a compressing proxy would hold its events back.
  if (opts.ctx?.auth)
    headers['cache-control'] = opts.type === 'subscription' ? 'private, no-store, no-transform' : 'private, no-store';
  let retryAfter = 0;
  for (const error of opts.errors) {
    const seconds = answerForServiceError(error.cause)?.retryAfterSeconds;
    if (seconds !== undefined) retryAfter = Math.max(retryAfter, seconds);
  }
  if (retryAfter > 0) headers['retry-after'] = String(Math.ceil(retryAfter));
  return headers;
}
