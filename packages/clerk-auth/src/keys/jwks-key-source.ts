import { createPublicKey } from 'node:crypto';

import { ServiceUnavailableError } from '@stack/api';

import { SessionRejectedError } from '../session/rejection.js';
import { withTimeout } from '../util/with-timeout.js';
import type { KeySource } from './key-source.js';

export interface JwksKeySourceOptions {
  /** Fetches the instance's JWKS (Clerk's Backend API `GET /v1/jwks`). */
  fetchJwks: () => Promise<{ keys?: unknown }>;
  /** Give up on one fetch after this long. */
  timeoutMs?: number;
  /** Keys older than this are refreshed in the background while still being served. */
  maxAgeMs?: number;
  /** An unknown kid triggers at most one refetch per this interval (refetch-storm guard). */
  unknownKidCooldownMs?: number;
  /** With no key at all, failed fetches are retried at most this often; callers get 503 meanwhile. */
  failureBackoffMs?: number;
  log?: (message: string) => void;
  now?: () => number;
}

/**
 * JWKS mode, hardened where Clerk's SDK is not: one fetch at a time, a timeout, a cooldown on
 * unknown-kid refetches, and the last good keys kept when a refresh fails.
 */
export class JwksKeySource implements KeySource {
  readonly networkless = false;
  private keys = new Map<string, string>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastAttemptFailed = false;
  private inflight: Promise<void> | null = null;
  private readonly timeoutMs: number;
  private readonly maxAgeMs: number;
  private readonly cooldownMs: number;
  private readonly backoffMs: number;
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  fetchCount = 0;

  constructor(private readonly options: JwksKeySourceOptions) {
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    this.cooldownMs = options.unknownKidCooldownMs ?? 30_000;
    this.backoffMs = options.failureBackoffMs ?? 2_000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => {});
  }

  async keyFor(kid: unknown): Promise<string> {
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 256) throw new SessionRejectedError('bad-kid');
    const known = this.keys.get(kid);
    if (known) {
      const stale = this.now() - this.fetchedAt > this.maxAgeMs;
      if (stale && this.now() - this.lastAttemptAt >= this.backoffMs) void this.refresh().catch(() => {});
      return known;
    }
    if (this.mayRefetchFor()) await this.refresh().catch(() => {});
    const found = this.keys.get(kid);
    if (found) return found;
    if (this.keys.size === 0) {
      const retryAfter = Math.max(1, Math.ceil((this.lastAttemptAt + this.backoffMs - this.now()) / 1000));
      throw new ServiceUnavailableError('No signing keys available', retryAfter);
    }
    throw new SessionRejectedError('unknown-kid');
  }

  /** Unknown kid: refetch unless one was tried recently (a flood of random kids costs one fetch). */
  private mayRefetchFor(): boolean {
    if (this.inflight) return true;
    const sinceLast = this.now() - this.lastAttemptAt;
    if (this.keys.size === 0) return !this.lastAttemptFailed || sinceLast >= this.backoffMs;
    return sinceLast >= this.cooldownMs;
  }

  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.lastAttemptAt = this.now();
    this.fetchCount++;
    try {
      const jwks = await withTimeout(this.options.fetchJwks(), this.timeoutMs, 'JWKS fetch');
      const keys = parseJwks(jwks, this.log);
      if (keys.size === 0) throw new Error('JWKS has no usable RS256 keys');
      this.keys = keys;
      this.fetchedAt = this.now();
      this.lastAttemptFailed = false;
    } catch (error) {
      this.lastAttemptFailed = true;
      this.log(`JWKS refresh failed (keeping ${this.keys.size} known keys): ${(error as Error).message}`);
      throw error;
    }
  }
}

/**
 * Keeps the RSA-2048 signing keys; Clerk's PEM loader (`jwtKey`) only understands that size,
 * and that is what Clerk issues.
 */
function parseJwks(jwks: { keys?: unknown }, log: (message: string) => void): Map<string, string> {
  const keys = new Map<string, string>();
  if (!Array.isArray(jwks.keys)) return keys;
  for (const jwk of jwks.keys as Record<string, unknown>[]) {
    const { kid, kty, use, alg, n, e } = jwk ?? {};
    if (typeof kid !== 'string' || kty !== 'RSA' || (use ?? 'sig') !== 'sig' || (alg ?? 'RS256') !== 'RS256') continue;
    if (typeof n !== 'string' || Buffer.from(n, 'base64url').length !== 256 || e !== 'AQAB') {
      log(`JWKS key ${kid} skipped: not RSA-2048 with e=65537`);
      continue;
    }
    const pem = createPublicKey({ key: { kty: 'RSA', n, e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    keys.set(kid, pem.toString());
  }
  return keys;
}
