import type { AnyRouter } from '@trpc/server';

import type { TrpcSseOptions } from './trpc-module-options.js';

/**
 * The router with the host's SSE settings in its config. tRPC reads them per request from
 * `router._def._config.sse`, and a router's config is fixed when `initTRPC` creates it, in the
 * router's own package, which knows nothing of deployments; so the mount serves a shallow copy
 * whose config carries the host's values (the procedures are shared, not copied).
 */
export function withSseSettings<TRouter extends AnyRouter>(router: TRouter, sse: TrpcSseOptions | undefined): TRouter {
  if (!sse) return router;
  const reconnectAfterInactivityMs = sse.reconnectAfterInactivityMs ?? 2 * sse.pingMs + 5_000;
  if (!(sse.pingMs > 0) || reconnectAfterInactivityMs < sse.pingMs)
    throw new Error(
      `SSE: pingMs must be positive and at most reconnectAfterInactivityMs (${sse.pingMs}, ${reconnectAfterInactivityMs})`,
    );
  const config = router._def._config;
  return {
    ...router,
    _def: {
      ...router._def,
      _config: {
        ...config,
        sse: { ...config.sse, ping: { enabled: true, intervalMs: sse.pingMs }, client: { reconnectAfterInactivityMs } },
      },
    },
  };
}
