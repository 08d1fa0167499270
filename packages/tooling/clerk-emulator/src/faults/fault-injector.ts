import { isRouteName, type RouteName } from '../bapi/route-names.js';

export interface Fault {
  /** Answer with a Clerk-shaped error of this status (400-599) instead of the real answer. */
  status?: number;
  /** With `status`: send `Retry-After: <seconds>`. */
  retryAfterSeconds?: number;
  /** Delay the answer (real or `status`) by this many milliseconds. */
  delayMs?: number;
  /** Never answer. The socket is destroyed by `close()`. */
  hang?: boolean;
  /** Hit only this many requests, then the fault clears itself. Default: unlimited. */
  times?: number;
}

export type FaultTarget = RouteName | 'all';

export interface FaultInjector {
  set(route: FaultTarget, fault: Fault): void;
  clear(): void;
}

/** The fault a request hits, already counted against `times`. */
export type AppliedFault = Readonly<Omit<Fault, 'times'>>;

export class FaultTable implements FaultInjector {
  readonly #faults = new Map<FaultTarget, { fault: AppliedFault; remaining: number }>();

  set(route: FaultTarget, fault: Fault): void {
    if (route !== 'all' && !isRouteName(route)) throw new TypeError(`faults.set: unknown route ${String(route)}`);
    const { times, ...rest } = validateFault(fault);
    this.#faults.set(route, { fault: Object.freeze(rest), remaining: times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#faults.clear();
  }

  /** Route-specific faults win over 'all'. Unmatched requests (404/405) only see 'all'. */
  take(route: RouteName | undefined): AppliedFault | undefined {
    const target = route !== undefined && this.#faults.has(route) ? route : this.#faults.has('all') ? 'all' : undefined;
    if (target === undefined) return undefined;
    const entry = this.#faults.get(target)!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#faults.delete(target);
    return entry.fault;
  }
}

function validateFault(fault: Fault): Fault {
  if (typeof fault !== 'object' || fault === null) throw new TypeError('faults.set: fault must be an object');
  const { status, retryAfterSeconds, delayMs, hang, times } = fault;
  if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599))
    throw new TypeError('faults.set: status must be an integer 400-599');
  if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0))
    throw new TypeError('faults.set: retryAfterSeconds must be a non-negative integer');
  if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0))
    throw new TypeError('faults.set: delayMs must be a non-negative number');
  if (hang !== undefined && typeof hang !== 'boolean') throw new TypeError('faults.set: hang must be a boolean');
  if (times !== undefined && !(Number.isInteger(times) && times >= 1))
    throw new TypeError('faults.set: times must be a positive integer');
  if (status === undefined && delayMs === undefined && !hang)
    throw new TypeError('faults.set: give status, delayMs or hang');
  return fault;
}
