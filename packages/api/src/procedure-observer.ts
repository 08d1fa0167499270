import type { TRPCError } from '@trpc/server';

import type { Services } from '@stack/contracts';

/** One call of a procedure (each call of a batch is one). */
export interface ProcedureCall {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
}

/** What a middleware's `next()` resolves with: it never throws, a failure is `ok: false`. */
export type ProcedureResult = { ok: true } | { ok: false; error: TRPCError };

/**
 * How a host watches every procedure call (durations, outcome codes, trace spans) without the API
 * knowing about metrics or tracing: it gets the call and runs it, and must return its result
 * unchanged. It may run the call with services of its own, the same services seen through a
 * wrapper (a tracing host makes a sampled call's service work part of the call's trace that way).
 * Procedures that never run (unknown paths, a context that failed) are the host's to count from
 * tRPC's `onError`.
 */
export type ProcedureObserver = <R extends ProcedureResult>(
  call: ProcedureCall,
  run: (services?: Services) => Promise<R>,
) => Promise<R>;
