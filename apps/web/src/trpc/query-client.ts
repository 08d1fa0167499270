import { defaultShouldDehydrateQuery, QueryClient } from '@tanstack/react-query';

/**
 * One factory for the server's per-request client and the browser's singleton. A short stale time
 * keeps the browser from refetching what the server just prefetched.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => failureCount < 2 && httpStatusOf(error) >= 500,
      },
      dehydrate: {
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === 'pending',
      },
    },
  });
}

/** The HTTP status of a tRPC client error, or 0. */
export function httpStatusOf(error: unknown): number {
  const data = (error as { data?: { httpStatus?: unknown } } | null)?.data;
  return typeof data?.httpStatus === 'number' ? data.httpStatus : 0;
}
