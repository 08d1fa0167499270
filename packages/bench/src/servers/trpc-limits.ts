import type { IncomingMessage, ServerResponse } from 'node:http';

import type { NodeHTTPHandlerOptions } from '@trpc/server/adapters/node-http';

import { apiResponseHeaders, type AppRouter, appRouter } from '@stack/api';

type Limits = Pick<
  NodeHTTPHandlerOptions<AppRouter, IncomingMessage, ServerResponse>,
  'router' | 'maxBatchSize' | 'maxBodySize' | 'responseMeta'
>;

/** The app's router with the server's limits and headers, so only auth, users and the mount differ. */
export const trpcLimits: Limits = {
  router: appRouter,
  maxBatchSize: 10,
  maxBodySize: 1024 * 1024,
  responseMeta: ({ ctx, errors }) => ({ headers: apiResponseHeaders({ ctx, errors }) }),
};
