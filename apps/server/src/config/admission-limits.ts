import type { DatabaseOptions } from '@stack/db';
import { DEFAULT_MAX_QUEUE_MS, DEFAULT_MAX_QUEUED } from '@stack/nest-trpc';

/** The admission gate's limits as configured (TRPC_MAX_IN_FLIGHT, TRPC_MAX_QUEUED, TRPC_MAX_QUEUE_MS). */
export interface AdmissionLimits {
  /** Calls inside tRPC at once; 0: no gate. */
  maxInFlight: number;
  maxQueued: number;
  maxQueueMs: number;
}

// Measured with `pnpm bench --only notes` (packages/tooling/bench/docs/benchmarks.md, "Admission
// gate"): the pool's size plus a small margin, so a call can verify its token and parse its input
// while the one before it still holds a connection.
const POOL_MARGIN = 2;
// PGlite runs one statement at a time inside this process.
const PGLITE_IN_FLIGHT = 4;

/**
 * What the variables leave unset, from the database: calls inside tRPC wait on its connections,
 * so a call beyond them only waits there, holding more memory than it would waiting at the gate.
 */
export function admissionLimits(
  database: DatabaseOptions,
  set: { maxInFlight?: number | undefined; maxQueued?: number | undefined; maxQueueMs?: number | undefined },
): AdmissionLimits {
  const maxInFlight =
    set.maxInFlight ?? (database.kind === 'postgres' ? database.poolMax + POOL_MARGIN : PGLITE_IN_FLIGHT);
  return {
    maxInFlight,
    maxQueued: set.maxQueued ?? DEFAULT_MAX_QUEUED,
    maxQueueMs: set.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS,
  };
}
