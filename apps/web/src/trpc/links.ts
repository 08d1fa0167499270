import { httpBatchLink, type TRPCLink } from '@trpc/client';

import type { AppRouter } from '@stack/api';
// The contracts entry is router-free (no server code in the bundle); the server refuses longer batches.
import { MAX_BATCH_SIZE } from '@stack/contracts';

import { BROWSER_API_TIMEOUT_MS, fetchWithDeadline } from './deadline-fetch';

/**
 * The link to the NestJS API. The session token is read per request, so a refreshed token is used
 * as soon as Clerk has it; without one, no Authorization header is sent at all. Each request gives
 * up after `timeoutMs`: the caller then sees a client error without an HTTP status ("unavailable").
 */
export function apiLink(
  apiUrl: string,
  getToken: () => Promise<string | null>,
  timeoutMs: number = BROWSER_API_TIMEOUT_MS,
): TRPCLink<AppRouter> {
  return httpBatchLink<AppRouter>({
    url: `${apiUrl}/trpc`,
    maxItems: MAX_BATCH_SIZE,
    fetch: fetchWithDeadline(timeoutMs),
    async headers() {
      const token = await getToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
}
