import type { AnyRouter } from '@trpc/server';

/** What the router's procedures may declare with `.meta()` (`initTRPC.meta<Meta>()`). */
type RouterMeta<TRouter extends AnyRouter> = TRouter['_def']['_config']['$types']['meta'];

/** Why a call was answered 503 without entering tRPC. */
export type ShedReason = 'queue-full' | 'queue-timeout' | 'shutting-down';

/** A procedure as the bypass rule sees it. */
export interface AdmissionProcedure<TMeta = unknown> {
  /** `note.list` */
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** What the procedure declared with `.meta()`, if anything. */
  meta: TMeta | undefined;
}

/**
 * The admission gate (see AdmissionGate): how many calls may be inside tRPC at once and how the
 * rest wait. Every HTTP request to the router is one call, a batch included.
 */
export interface AdmissionOptions<TRouter extends AnyRouter = AnyRouter> {
  /**
   * Calls inside tRPC at once; the rest wait in a FIFO queue. Size it to what the calls wait on
   * (a database pool of N connections: N plus a small margin). `0` turns the gate off.
   */
  maxInFlight: number;
  /**
   * Calls waiting at once; one more is answered 503 at once. `0`: no waiting at all. Default 128:
   * a hundred clients at once are served without a refusal, and a queue much longer than what
   * drains within `maxQueueMs` only turns refusals into time-outs.
   */
  maxQueued?: number;
  /** Longest wait for a slot, in milliseconds; then 503. Default 1000. */
  maxQueueMs?: number;
  /** `Retry-After` of every 503 the gate answers, in whole seconds (≥ 1). Default 1. */
  retryAfterSeconds?: number;
  /**
   * Procedures that never wait, such as calls answered from the token or a cache: they must not
   * queue behind calls that wait on a database. A batch skips the gate only if all its calls do.
   * Subscriptions always skip it (they would hold a slot for their whole life).
   */
  bypass?: (procedure: AdmissionProcedure<RouterMeta<TRouter>>) => boolean;
  /** A call answered 503 by the gate (for metrics and logs; keep it cheap). */
  onShed?: (reason: ShedReason) => void;
  /** A waiting call whose client left before its turn: dropped, never entered tRPC. */
  onAbandoned?: () => void;
}

export const DEFAULT_MAX_QUEUED = 128;
export const DEFAULT_MAX_QUEUE_MS = 1_000;
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** The options with every default applied; null when the gate is off. */
export interface AdmissionLimits {
  maxInFlight: number;
  maxQueued: number;
  maxQueueMs: number;
  retryAfterSeconds: number;
}

export function admissionLimits(options: AdmissionOptions | undefined): AdmissionLimits | null {
  if (!options || options.maxInFlight === 0) return null;
  const limits = {
    maxInFlight: options.maxInFlight,
    maxQueued: options.maxQueued ?? DEFAULT_MAX_QUEUED,
    maxQueueMs: options.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS,
    retryAfterSeconds: options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
  };
  const bad = Object.entries(limits).find(
    ([name, value]) => !Number.isSafeInteger(value) || value < (name === 'maxQueued' ? 0 : 1),
  );
  if (bad) throw new RangeError(`admission.${bad[0]} must be a whole number ≥ ${bad[0] === 'maxQueued' ? 0 : 1}`);
  return limits;
}
