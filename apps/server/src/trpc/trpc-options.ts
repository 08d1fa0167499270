import { Logger } from '@nestjs/common';

import { apiResponseHeaders, type AppRouter, appRouter } from '@stack/api';
import { MAX_BATCH_SIZE, MAX_BODY_SIZE } from '@stack/contracts';
import type { AdmissionOptions, TrpcModuleOptions } from '@stack/nest-trpc';

import type { AdmissionLimits } from '../config/admission-limits.js';
import { ShedSummary } from './shed-summary.js';

const logger = new Logger('tRPC');

/**
 * The admission gate: calls that wait on the database queue for a slot; those that never do
 * (`waitsOnDatabase: false`: the session, the cached profile) go straight in, so they never
 * wait behind database calls (the bench notes measure both choices).
 */
export function admissionOptions(limits: AdmissionLimits): AdmissionOptions<AppRouter> {
  const shed = new ShedSummary(
    logger,
    `TRPC_MAX_IN_FLIGHT ${limits.maxInFlight}, TRPC_MAX_QUEUED ${limits.maxQueued}, TRPC_MAX_QUEUE_MS ${limits.maxQueueMs}`,
  );
  return {
    ...limits,
    bypass: ({ meta }) => meta?.waitsOnDatabase === false,
    onShed: shed.count,
  };
}

export function trpcOptions(limits: AdmissionLimits): TrpcModuleOptions<AppRouter> {
  return {
    router: appRouter,
    path: '/trpc',
    // The web client's batch link splits at the same limit (one source: @stack/contracts).
    maxBatchSize: MAX_BATCH_SIZE,
    maxBodySize: MAX_BODY_SIZE,
    responseMeta: ({ ctx, errors }) => ({ headers: apiResponseHeaders({ ctx, errors }) }),
    onError: ({ error, path }) => {
      // Clients only ever see a generic message for these; the log keeps the detail.
      if (error.code === 'INTERNAL_SERVER_ERROR')
        logger.error(`${path ?? '(no path)'}: ${error.cause?.stack ?? error.stack}`);
      else if (error.code === 'SERVICE_UNAVAILABLE')
        logger.warn(`${path ?? '(no path)'}: ${error.cause?.message ?? error.message}`);
    },
    admission: admissionOptions(limits),
  };
}
