import type { TRPCClient } from '@trpc/client';

import type { AppRouter, createCaller } from '@stack/api';

/** The shape of a server-side caller of the app router. */
export type AppCaller = ReturnType<typeof createCaller>;

/**
 * A caller whose procedures run on the NestJS API over HTTP instead of in-process, so React
 * Server Components can use tRPC's hydration helpers without importing any server code.
 * Only queries are needed for prefetching.
 */
export function remoteCaller(getClient: () => TRPCClient<AppRouter>): AppCaller {
  const at = (path: string[]): unknown =>
    new Proxy(() => undefined, {
      get: (_target, key) => (typeof key === 'string' ? at([...path, key]) : undefined),
      apply: (_target, _this, args: unknown[]) => {
        let node = getClient() as unknown as Record<string, unknown>;
        for (const key of path) node = node[key] as Record<string, unknown>;
        return (node as unknown as { query(input: unknown): Promise<unknown> }).query(args[0]);
      },
    });
  return at([]) as AppCaller;
}
