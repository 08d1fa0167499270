import { ServiceUnavailableError } from '@stack/contracts';

import { SessionRejectedError } from '../session/rejection.js';
import { retryAfterSecondsOf } from '../util/retry-after.js';
import { withTimeout } from '../util/with-timeout.js';
import type { KeySource } from './key-source.js';
import { parseJwks } from './parse-jwks.js';

export interface JwksKeySourceOptions {
  /** Fetches the instance's JWKS (Clerk's Backend API `GET /v1/jwks`). */
  fetchJwks: () => Promise<{ keys?: unknown }>;
  /** Give up on one fetch after this long. */
  timeoutMs?: number;
  /** Keys older than this are refreshed in the background while still being served. */
  maxAgeMs?: number;
  /** An unknown kid triggers at most one refetch per this interval (refetch-storm guard). */
  unknownKidCooldownMs?: number;
  /** After a failed fetch, the next one waits at least this long; callers needing it get 503. */
  failureBackoffMs?: number;
  /** A 429 Retry-After from the JWKS endpoint is honoured up to this long. */
  maxRetryAfterMs?: number;
  log?: (message: string) => void;
  now?: () => number;
}

/**
 * JWKS mode, hardened where Clerk's SDK is not: one fetch at a time, a timeout, a cooldown on
 * unknown-kid refetches, a backoff (or the endpoint's Retry-After) after failures, and the last
 * good keys kept when a refresh fails.
 *
 * An unknown kid is a forged token (401) only when the key set is known to be current. While the
 * last fetch failed, it may just as well be a rotated-in key we could not fetch: that is an
 * outage (503 with Retry-After), never a 401 for a dependency failure.
 */
export class JwksKeySource implements KeySource {
  private keys = new Map<string, string>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastAttemptFailed = false;
  private retryAt = Number.NEGATIVE_INFINITY;
  private inflight: Promise<void> | null = null;
  private readonly timeoutMs: number;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly backoffMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: JwksKeySourceOptions) {
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    this.cooldownMs = options.unknownKidCooldownMs ?? 30_000;
    this.backoffMs = options.failureBackoffMs ?? 2_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
  }

  async keyFor(kid: unknown): Promise<string> {
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 256) throw new SessionRejectedError('bad-kid');
    const known = this.keys.get(kid);
    if (known) {
      const stale = this.now() - this.fetchedAt > this.maxAgeMs;
      if (stale && !this.inflight && this.now() >= this.retryAt) void this.refresh().catch(() => {});
      return known;
    }
    if (this.inflight || this.mayRefetchForUnknownKid()) await this.refresh().catch(() => {});
    const found = this.keys.get(kid);
    if (found) return found;
    if (this.keys.size === 0 || this.lastAttemptFailed) {
      const retryAfter = Math.max(1, Math.ceil((this.retryAt - this.now()) / 1000));
      throw new ServiceUnavailableError('Signing keys unavailable', retryAfter);
    }
    throw new SessionRejectedError('unknown-kid');
  }

  /**
   * Some key set was fetched (the last good one is kept through failed refreshes). With none yet,
   * one fetch is tried, unless a failed one is still backing off: a readiness probe polled every
   * second cannot turn into a fetch every second.
   */
  async available(): Promise<boolean> {
    if (this.keys.size > 0) return true;
    if (this.inflight || this.now() >= this.retryAt) await this.refresh().catch(() => {});
    return this.keys.size > 0;
  }

  /** A flood of random kids costs one fetch per cooldown; after a failure, one per backoff. */
  private mayRefetchForUnknownKid(): boolean {
    if (this.keys.size === 0 || this.lastAttemptFailed) return this.now() >= this.retryAt;
    return this.now() - this.lastAttemptAt >= this.cooldownMs;
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.lastAttemptAt = this.now();
    try {
      const jwks = await withTimeout(this.options.fetchJwks(), this.timeoutMs, 'JWKS fetch');
      const keys = parseJwks(jwks, this.log);
      if (keys.size === 0) throw new Error('JWKS has no usable RS256 keys');
      this.keys = keys;
      this.fetchedAt = this.now();
      this.lastAttemptFailed = false;
    } catch (error) {
      const asked = (retryAfterSecondsOf(error, this.maxRetryAfterMs / 1000) ?? 0) * 1000;
      this.lastAttemptFailed = true;
      this.retryAt = this.now() + Math.max(this.backoffMs, asked);
      this.log(
        `JWKS refresh failed (keeping ${this.keys.size} known keys): ${(error as Error | null)?.message ?? String(error)}`,
      );
      throw error;
    }
  }
}
