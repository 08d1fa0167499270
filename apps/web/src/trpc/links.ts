import { httpBatchLink, httpSubscriptionLink, retryLink, splitLink, type TRPCLink } from '@trpc/client';
import { EventSource } from 'eventsource';

import type { AppRouter } from '@stack/api';
// The contracts entry is router-free (no server code in the bundle); the server refuses longer batches.
import { MAX_BATCH_SIZE } from '@stack/contracts';

import { BROWSER_API_TIMEOUT_MS, fetchWithDeadline } from './deadline-fetch';

/** The caller's session token, or null; `fresh` asks for a new one (the server refused the last). */
export type TokenGetter = (options?: { fresh?: boolean }) => Promise<string | null>;

/** After an UNAUTHORIZED retried with a new token, another within this window ends the subscription. */
const UNAUTHORIZED_RETRY_WINDOW_MS = 60_000;

const bearer = (token: string | null): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/**
 * Every link the app's client needs: subscriptions over SSE (see liveLinks), everything else
 * batched (see apiLink).
 */
export function apiLinks(
  apiUrl: string,
  getToken: TokenGetter,
  timeoutMs: number = BROWSER_API_TIMEOUT_MS,
): TRPCLink<AppRouter>[] {
  return [
    splitLink({
      condition: (op) => op.type === 'subscription',
      true: liveLinks(apiUrl, getToken),
      false: apiLink(apiUrl, getToken, timeoutMs),
    }),
  ];
}

/**
 * The link to the NestJS API. The session token is read per request, so a refreshed token is used
 * as soon as Clerk has it; without one, no Authorization header is sent at all. Each request gives
 * up after `timeoutMs`: the caller then sees a client error without an HTTP status ("unavailable").
 */
function apiLink(
  apiUrl: string,
  getToken: TokenGetter,
  timeoutMs: number = BROWSER_API_TIMEOUT_MS,
): TRPCLink<AppRouter> {
  return httpBatchLink<AppRouter>({
    url: `${apiUrl}/trpc`,
    maxItems: MAX_BATCH_SIZE,
    fetch: fetchWithDeadline(timeoutMs),
    async headers() {
      return bearer(await getToken());
    },
  });
}

/**
 * Subscriptions straight to the API's origin (a Next.js rewrite would buffer the stream), over the
 * `eventsource` ponyfill: a browser's own EventSource cannot send the token, and the ponyfill calls
 * its `fetch` on every connect, its own reconnects included, so each one carries the token Clerk
 * has now (its tokens live 60 s). Retryable ends (the stream's lifetime, a drain) reconnect by
 * themselves and resume from the last event. An UNAUTHORIZED (a token that expired between the
 * fetch and the server's check) is retried once with a token asked for anew, resuming from the
 * last event; a second one in a row ends the subscription.
 */
function liveLinks(apiUrl: string, getToken: TokenGetter): TRPCLink<AppRouter>[] {
  let fresh = false;
  const retriedAt = new Map<number, number>();
  return [
    retryLink<AppRouter>({
      retry: ({ op, error }) => {
        if (error.data?.code !== 'UNAUTHORIZED') return false;
        const now = Date.now();
        const last = retriedAt.get(op.id);
        if (last !== undefined && now - last < UNAUTHORIZED_RETRY_WINDOW_MS) return false;
        retriedAt.set(op.id, now);
        fresh = true;
        return true;
      },
    }),
    httpSubscriptionLink<AppRouter, typeof EventSource>({
      url: `${apiUrl}/trpc`,
      EventSource,
      eventSourceOptions: () => ({
        fetch: async (url, init) => {
          const token = await getToken(fresh ? { fresh: true } : undefined);
          fresh = false;
          return fetch(url, { ...init, headers: { ...init.headers, ...bearer(token) } });
        },
      }),
    }),
  ];
}
