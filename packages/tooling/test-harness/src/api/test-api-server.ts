import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createHTTPServer } from '@trpc/server/adapters/standalone';

import { appRouter, createTRPCContext } from '@stack/api';
import type { AuthState, Services } from '@stack/contracts';

export interface TestApiServer {
  url: string;
  /** How many requests came with `Authorization: Bearer <token>`. */
  callsWith(token: string): number;
  close(): Promise<void>;
}

/**
 * Starts each event stream with `retry: <ms>`, as the server's own mount does with SSE_RECONNECT_MS
 * (tRPC's standalone adapter sends none, and an EventSource then waits 3 s before reconnecting).
 */
function announceRetry(res: ServerResponse, retryMs: number): void {
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  let first = true;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (first && String(res.getHeader('content-type')) === 'text/event-stream') write(`retry: ${retryMs}\n\n`);
    first = false;
    return write(chunk, ...rest);
  }) as typeof res.write;
}

/**
 * The real app router behind tRPC's real HTTP adapter on 127.0.0.1:0, for client tests (the web
 * app's hooks and components). Only authentication is simplified: each token in `sessions`
 * stands for its AuthState (verification has its own suites); any other request is anonymous.
 * `sseRetryMs`: tell subscription clients to reconnect after this long (default: the browser's 3 s).
 */
export async function startTestApiServer(options: {
  sessions: Readonly<Record<string, AuthState>>;
  services: Services;
  sseRetryMs?: number;
}): Promise<TestApiServer> {
  const calls = new Map<string, number>();
  const { sseRetryMs } = options;
  const server = createHTTPServer({
    basePath: '/trpc/',
    router: appRouter,
    middleware: (_req, res, next) => {
      if (sseRetryMs !== undefined) announceRetry(res, sseRetryMs);
      next();
    },
    createContext: ({ req }) => {
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      calls.set(token, (calls.get(token) ?? 0) + 1);
      return createTRPCContext({ auth: options.sessions[token] ?? null, services: options.services });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    callsWith: (token) => calls.get(token) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A subscription still open would hold the close until its client gives up.
        server.closeAllConnections();
      }),
  };
}
