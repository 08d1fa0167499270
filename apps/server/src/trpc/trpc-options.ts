import { Logger } from '@nestjs/common';

import { apiResponseHeaders, type AppRouter, appRouter } from '@stack/api';
import { MAX_BATCH_SIZE, MAX_BODY_SIZE } from '@stack/contracts';
import type { TrpcModuleOptions } from '@stack/nest-trpc';

import { describeError } from '../observability/describe-error.js';
import { emitServiceEvent } from '../observability/service-events.js';

const logger = new Logger('tRPC');

export const trpcOptions: TrpcModuleOptions<AppRouter> = {
  router: appRouter,
  path: '/trpc',
  // The web client's batch link splits at the same limit (one source: @stack/contracts).
  maxBatchSize: MAX_BATCH_SIZE,
  maxBodySize: MAX_BODY_SIZE,
  responseMeta: ({ ctx, errors }) => ({ headers: apiResponseHeaders({ ctx, errors }) }),
  onError: ({ error, path }) => {
    // Clients only ever see a generic message for these; the log keeps what failed, without data.
    if (error.code === 'INTERNAL_SERVER_ERROR')
      logger.error(`${path ?? '(no path)'}: ${describeError(error.cause ?? error)}`);
    else if (error.code === 'SERVICE_UNAVAILABLE')
      logger.warn(`${path ?? '(no path)'}: ${describeError(error.cause ?? error, { stack: false })}`);
    // The client left before its request was read: nothing went wrong here (summarized, no stack).
    else if (error.code === 'CLIENT_CLOSED_REQUEST') emitServiceEvent('client.aborted', { surface: 'trpc' });
  },
};
