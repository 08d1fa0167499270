import { Logger } from '@nestjs/common';

import { apiResponseHeaders, type AppRouter, appRouter } from '@stack/api';
import { MAX_BATCH_SIZE, MAX_BODY_SIZE, StreamEndedError } from '@stack/contracts';
import type { TrpcModuleOptions } from '@stack/nest-trpc';

const logger = new Logger('tRPC');

export const trpcOptions: TrpcModuleOptions<AppRouter> = {
  router: appRouter,
  path: '/trpc',
  // The web client's batch link splits at the same limit (one source: @stack/contracts).
  maxBatchSize: MAX_BATCH_SIZE,
  maxBodySize: MAX_BODY_SIZE,
  responseMeta: ({ ctx, errors, type }) => ({ headers: apiResponseHeaders({ ctx, errors, type }) }),
  onError: ({ error, path }) => {
    // A live stream reaching its lifetime, a drain or a slow reader is routine: the client resumes.
    if (error.cause instanceof StreamEndedError && error.cause.reason !== 'unavailable') return;
    // Clients only ever see a generic message for these; the log keeps the detail.
    if (error.code === 'INTERNAL_SERVER_ERROR')
      logger.error(`${path ?? '(no path)'}: ${error.cause?.stack ?? error.stack}`);
    else if (error.code === 'SERVICE_UNAVAILABLE')
      logger.warn(`${path ?? '(no path)'}: ${error.cause?.message ?? error.message}`);
  },
};
