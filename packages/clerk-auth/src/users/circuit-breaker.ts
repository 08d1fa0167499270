import { ServiceUnavailableError } from '@stack/contracts';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive dependency failures that open the circuit. */
  failureThreshold?: number;
  /** How long the circuit stays open the first time. */
  openMs?: number;
  /** Each failed probe doubles the open period, up to this. */
  maxOpenMs?: number;
  /** A Retry-After pause (429) longer than this is cut to it: a hostile header cannot stop us for hours. */
  maxPauseMs?: number;
  now?: () => number;
  onStateChange?: (state: CircuitState, why: string) => void;
}

/** Refused without calling the dependency: the circuit is open, paused, or probing. */
export class CircuitOpenError extends ServiceUnavailableError {}

/**
 * Stops calling a dependency that keeps failing: after `failureThreshold` consecutive failures
 * calls fail fast (503) for `openMs`; then one call goes through as a probe (half-open) while the
 * others keep failing fast. A successful probe closes the circuit; a failed one reopens it for
 * twice as long. `pause` opens it for a dependency-given time (429 Retry-After).
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openUntil = 0;
  private openMs: number;
  private readonly baseOpenMs: number;
  private readonly maxOpenMs: number;
  private readonly threshold: number;
  private readonly maxPauseMs: number;
  private readonly now: () => number;
  private readonly onStateChange: (state: CircuitState, why: string) => void;

  constructor(options: CircuitBreakerOptions = {}) {
    this.threshold = options.failureThreshold ?? 5;
    this.baseOpenMs = options.openMs ?? 5_000;
    this.maxOpenMs = Math.max(this.baseOpenMs, options.maxOpenMs ?? 15_000);
    this.maxPauseMs = options.maxPauseMs ?? 60_000;
    this.openMs = this.baseOpenMs;
    this.now = options.now ?? Date.now;
    this.onStateChange = options.onStateChange ?? (() => {});
  }

  get state(): CircuitState {
    return this.current;
  }

  /**
   * Runs `call` unless the circuit refuses it. `isFailure` says which errors count against the
   * dependency (a 404 is an answer, not a failure).
   */
  async run<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    const probe = this.admit();
    let result: T;
    try {
      result = await call();
    } catch (error) {
      if (isFailure(error)) this.recordFailure(probe, error);
      else this.recordSuccess(probe);
      throw error;
    }
    this.recordSuccess(probe);
    return result;
  }

  /** Opens the circuit for `seconds` (the dependency asked us to back off), capped at maxPauseMs. */
  pause(seconds: number): void {
    const ms = Math.min(Math.max(0, seconds) * 1000, this.maxPauseMs);
    this.openUntil = Math.max(this.openUntil, this.now() + ms);
    this.transition('open', `rate limited for ${Math.ceil(ms / 1000)} s`);
  }

  /** Throws CircuitOpenError when the call may not go out; returns true when it is the probe. */
  private admit(): boolean {
    if (this.current === 'closed') return false;
    const now = this.now();
    if (this.current === 'open' && now >= this.openUntil) {
      this.transition('half-open', 'probing');
      return true;
    }
    const waitSeconds = this.current === 'open' ? Math.ceil((this.openUntil - now) / 1000) : 1;
    throw new CircuitOpenError('Clerk Backend API calls are paused (circuit open)', Math.max(1, waitSeconds));
  }

  private recordSuccess(probe: boolean): void {
    // A call that started before the circuit opened says little about now; only the probe closes it.
    if (this.current !== 'closed' && !probe) return;
    this.failures = 0;
    this.openMs = this.baseOpenMs;
    if (probe) this.transition('closed', 'probe succeeded');
  }

  private recordFailure(probe: boolean, error: unknown): void {
    if (probe) {
      this.openMs = Math.min(this.openMs * 2, this.maxOpenMs);
      this.openFor(this.openMs, 'probe failed');
      return;
    }
    if (this.current !== 'closed') return;
    this.failures++;
    if (this.failures >= this.threshold)
      this.openFor(this.openMs, `${this.failures} consecutive failures (last: ${describe(error)})`);
  }

  private openFor(ms: number, why: string): void {
    this.openUntil = Math.max(this.openUntil, this.now() + ms);
    this.failures = 0;
    this.transition('open', why);
  }

  private transition(state: CircuitState, why: string): void {
    const changed = state !== this.current;
    this.current = state;
    if (changed) this.onStateChange(state, why);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
