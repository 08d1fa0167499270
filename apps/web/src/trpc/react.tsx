'use client';

import { useAuth } from '@clerk/nextjs';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCReact } from '@trpc/react-query';
import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';

import type { AppRouter } from '@stack/api';

import { apiLinks, type TokenGetter } from './links';
import { makeQueryClient } from './query-client';

/** Typed hooks for every procedure: `api.profile.me.useQuery()`. */
export const api = createTRPCReact<AppRouter>();

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  // On the server, a new client per request: no data may leak between users.
  if (typeof window === 'undefined') return makeQueryClient();
  return (browserQueryClient ??= makeQueryClient());
}

/**
 * Drops every cached result when `scope` (who is signed in, in which organization) changes, before
 * the browser paints: data fetched for the previous organization is never shown for the new one.
 * `resetQueries` empties inactive queries and refetches the mounted ones, whose requests then carry
 * the token Clerk mints for the organization now selected.
 */
function useResetOnScopeChange(queryClient: QueryClient, scope: string | undefined): void {
  const previous = useRef(scope);
  useLayoutEffect(() => {
    if (scope === undefined || previous.current === scope) return;
    const changed = previous.current !== undefined; // undefined: not known yet (Clerk loading)
    previous.current = scope;
    if (changed) void queryClient.resetQueries();
  }, [queryClient, scope]);
}

/** tRPC + React Query, given how to get the caller's token. Used directly by component tests. */
export function ApiProvider(props: {
  children: ReactNode;
  getToken: TokenGetter;
  apiUrl: string;
  /** Each request's deadline (BROWSER_API_TIMEOUT_MS unless given). */
  timeoutMs?: number;
  queryClient?: QueryClient;
  /** Identifies whose data the cache holds (user and active organization); a change resets it. */
  scope?: string;
}) {
  // The client is made once; it reads the newest getToken through the ref at each request.
  const getTokenRef = useRef(props.getToken);
  useLayoutEffect(() => {
    getTokenRef.current = props.getToken;
  });
  const [queryClient] = useState(() => props.queryClient ?? getQueryClient());
  useResetOnScopeChange(queryClient, props.scope);
  // The ref is read when a request goes out, never during render.
  // eslint-disable-next-line react-hooks/refs
  const [trpcClient] = useState(() =>
    api.createClient({ links: apiLinks(props.apiUrl, (options) => getTokenRef.current(options), props.timeoutMs) }),
  );
  return (
    <api.Provider client={trpcClient} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{props.children}</QueryClientProvider>
    </api.Provider>
  );
}

/**
 * The app's provider: tokens come from Clerk's session in the browser. Switching organization
 * (or user) resets the query cache; Clerk's own `router.refresh()` re-renders server components.
 */
export function TRPCReactProvider({
  children,
  apiUrl,
  timeoutMs,
}: {
  children: ReactNode;
  apiUrl: string;
  timeoutMs: number;
}) {
  const { getToken, isLoaded, userId, orgId } = useAuth();
  // Undefined until Clerk has loaded, so hydrated server data is not thrown away on first load.
  const scope = isLoaded ? `${userId ?? 'signed-out'}:${orgId ?? 'personal'}` : undefined;
  return (
    <ApiProvider
      apiUrl={apiUrl}
      timeoutMs={timeoutMs}
      // `fresh`: the server refused the last token; Clerk then mints a new one instead of its cached one.
      getToken={(options) => getToken(options?.fresh ? { skipCache: true } : undefined)}
      scope={scope}
    >
      {children}
    </ApiProvider>
  );
}
