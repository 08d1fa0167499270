import type { IncomingMessage, ServerResponse } from 'node:http';

import type { NodeHTTPHandlerOptions } from '@trpc/server/adapters/node-http';

import { apiResponseHeaders, type AppRouter, appRouter } from '@stack/api';
import { MAX_BATCH_SIZE, MAX_BODY_SIZE } from '@stack/contracts';

type Limits = Pick<
  NodeHTTPHandlerOptions<AppRouter, IncomingMessage, ServerResponse>,
  'router' | 'maxBatchSize' | 'maxBodySize' | 'responseMeta'
>;

/** The app's router with the server's limits and headers, so only auth, users and the mount differ. */
export const trpcLimits: Limits = {
  router: appRouter,
  maxBatchSize: MAX_BATCH_SIZE,
  maxBodySize: MAX_BODY_SIZE,
  responseMeta: ({ ctx, errors }) => ({ headers: apiResponseHeaders({ ctx, errors }) }),
};
