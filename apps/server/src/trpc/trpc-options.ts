import type { IncomingMessage } from 'node:http';

import { apiResponseHeaders, type AppRouter, appRouter } from '@stack/api';
import { MAX_BATCH_SIZE, MAX_BODY_SIZE, StreamEndedError } from '@stack/contracts';
import type { AdmissionOptions, TrpcModuleOptions } from '@stack/nest-trpc';

import type { AdmissionLimits } from '../config/admission-limits.js';
import type { Logger } from '../logging/create-logger.js';
import type { Metrics } from '../metrics/metrics.js';
import type { DefenceLogs } from '../observability/defence-logs.js';
import type { ProcedureTelemetry } from './procedure-telemetry.js';
import { ShedSummary } from './shed-summary.js';

export const TRPC_PATH = '/trpc';

/** A request whose client has gone: what failed is reading or writing to no one, not a bug. */
function clientGone(req: IncomingMessage | undefined): boolean {
  return req?.destroyed === true || req?.socket?.destroyed === true;
}

/**
 * The admission gate: calls that wait on the database queue for a slot; those that never do
 * (`waitsOnDatabase: false`: the session, the cached profile) go straight in, so they never wait
 * behind database calls (measured: packages/tooling/bench/docs/benchmarks.md). Refusals are
 * counted (`load_shed_requests_total{reason}`) and summarised in the log every 10 s.
 */
export function admissionOptions(
  limits: AdmissionLimits,
  logger: Logger,
  metrics: Metrics,
): AdmissionOptions<AppRouter> {
  const summary = new ShedSummary(logger.child({ context: 'tRPC' }), limits);
  return {
    ...limits,
    bypass: ({ meta }) => meta?.waitsOnDatabase === false,
    onShed: (reason) => {
      metrics.requestShed(reason);
      summary.count(reason);
    },
    onAbandoned: () => metrics.admissionAbandoned(),
  };
}

export function trpcOptions(
  logger: Logger,
  telemetry: ProcedureTelemetry,
  admission: AdmissionOptions<AppRouter>,
  defences: DefenceLogs,
): TrpcModuleOptions<AppRouter> {
  const log = logger.child({ context: 'tRPC' });
  return {
    router: appRouter,
    path: TRPC_PATH,
    // The web client's batch link splits at the same limit (one source: @stack/contracts).
    maxBatchSize: MAX_BATCH_SIZE,
    maxBodySize: MAX_BODY_SIZE,
    responseMeta: ({ ctx, errors, type }) => ({ headers: apiResponseHeaders({ ctx, errors, type }) }),
    onError: ({ error, path, type, req }) => {
      // A live stream reaching its lifetime, a drain or a slow reader is routine: the client resumes.
      if (error.cause instanceof StreamEndedError && error.cause.reason !== 'unavailable') return;
      telemetry.countFailure(error, path, type, req);
      const where = path ?? '(no path)';
      // Clients only ever see a generic message for these; the log keeps the detail.
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        // The client left: nothing to fix here, no stack (the request line says "aborted").
        if (clientGone(req)) return defences.clientAborted('trpc');
        log.error({ procedure: where, err: error.cause ?? error }, `${where} failed`);
      } else if (error.code === 'SERVICE_UNAVAILABLE') {
        log.warn({ procedure: where, reason: error.cause?.message ?? error.message }, `${where} unavailable`);
      } else if (error.code === 'CLIENT_CLOSED_REQUEST') {
        // The client left before its request was read: nothing went wrong here (summarized, no stack).
        defences.clientAborted('trpc');
      }
    },
    admission,
  };
}
