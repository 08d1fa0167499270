import 'server-only';

import { auth } from '@clerk/nextjs/server';
import { context, propagation } from '@opentelemetry/api';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createHydrationHelpers } from '@trpc/react-query/rsc';
import { cache } from 'react';

import type { AppRouter } from '@stack/api';

import { serverEnv } from '../server-env';
import { fetchWithDeadline } from './deadline-fetch';
import { httpStatusOf, makeQueryClient } from './query-client';
import { remoteCaller } from './remote-caller';

/** One QueryClient per request: prefetched data is per user. */
const getQueryClient = cache(makeQueryClient);

/**
 * One client per request, unbatched: a shared batching client could put two users' calls into one
 * HTTP request under one user's token.
 */
const getClient = cache(() =>
  createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${serverEnv().apiUrl}/trpc`,
        // A hung API must not hold the document: after the deadline the page shows "unavailable".
        fetch: fetchWithDeadline(serverEnv().apiTimeoutMs),
        async headers() {
          const token = await (await auth()).getToken();
          // A signed-out request never reaches the API with an empty token.
          if (!token) throw new Error('No session token: the API is not called for signed-out requests');
          const headers: Record<string, string> = { authorization: `Bearer ${token}` };
          // The render's trace context (`traceparent`), so the API's spans join this page's trace.
          // Without tracing configured (instrumentation.ts) nothing is added.
          propagation.inject(context.active(), headers);
          return headers;
        },
      }),
    ],
  }),
);

export const { trpc, HydrateClient } = createHydrationHelpers<AppRouter>(remoteCaller(getClient), getQueryClient);

/**
 * The HTTP status of the first prefetch of this request that failed (0: no answer, e.g. the
 * deadline), or null when all succeeded; with `path` (e.g. `note.list`), of that procedure only.
 * Failed queries are not dehydrated, so without this the browser would start the same doomed
 * request again behind a skeleton, on its own (longer) deadline.
 */
export function prefetchFailure(path?: string): number | null {
  const failed = getQueryClient()
    .getQueryCache()
    .getAll()
    .find((query) => query.state.status === 'error' && (path === undefined || procedurePath(query.queryKey) === path));
  return failed ? httpStatusOf(failed.state.error) : null;
}

/** tRPC's query keys start with the procedure's path as an array: `[['note', 'list'], …]`. */
const procedurePath = (key: readonly unknown[]) => (Array.isArray(key[0]) ? key[0].join('.') : '');
