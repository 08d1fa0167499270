import type { RateLimitPolicyName } from '@stack/contracts';
import type { UsageEntry } from '@stack/db';

import type { RateLimitPolicy } from './rate-limit-policy.js';

/** One unit asked of one bucket: a policy and its key (a user id, an organization id, a client address). */
export interface Demand {
  readonly policy: RateLimitPolicy;
  readonly key: string;
}

/** A bucket as the `RateLimit` header tells it: units left now, seconds until it is full again. */
export interface BucketReading {
  readonly policy: RateLimitPolicy;
  readonly remaining: number;
  readonly resetSeconds: number;
}

export type TakeResult =
  | { readonly ok: true; readonly readings: readonly BucketReading[] }
  | { readonly ok: false; readonly refused: BucketReading; readonly retryAfterSeconds: number };

export interface RateLimiterOptions {
  /** Length of an exchange period; every instance's periods start on the same wall-clock multiples. */
  periodMs?: number;
  /** Buckets kept at most (the oldest goes first); a full bucket is forgotten anyway. */
  maxBuckets?: number;
  now?: () => number;
}

interface Bucket {
  readonly policy: RateLimitPolicy;
  readonly key: string;
  /** This instance's estimate of the shared bucket: its own spending at once, the others' as reported. */
  tokens: number;
  /** When `tokens` was last refilled (epoch ms). */
  at: number;
  /** The period `allowance` and `spent` belong to, and `tokens` when it began. */
  period: number;
  startTokens: number;
  allowance: number;
  spent: number;
  /** Spent here since the last report to the other instances. */
  unreported: number;
}

interface Peer {
  lastPeriod: number;
  heardAt: number;
}

const DEFAULT_PERIOD_MS = 200;
/** A peer not heard of for this many periods is gone (stopped, or cut off by a database outage). */
const PEER_LIFETIME_PERIODS = 5;

/**
 * Token buckets, one per (policy, key): capacity = the policy's calls per minute, refilled
 * continuously, a call costs one unit. With several instances on one database each holds an
 * estimate of the one shared bucket: its own spending counts at once, the others' arrives in their
 * reports (UsageExchange, a few times per second), so no call waits on the database.
 *
 * What keeps the instances from spending the same units before they hear of each other: each may
 * spend, per period, only its share of what it believes is left, after setting aside for each
 * instance whose report of the last period has not arrived what that one could have spent then.
 * With one instance (or none heard of: PGlite, a database outage) there is no share: the local
 * bucket is the budget.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly dirty = new Set<Bucket>();
  private readonly peers = new Map<string, Peer>();
  private readonly periodMs: number;
  private readonly maxBuckets: number;
  private readonly now: () => number;

  constructor(
    private readonly policies: ReadonlyMap<RateLimitPolicyName, RateLimitPolicy>,
    options: RateLimiterOptions = {},
  ) {
    this.periodMs = options.periodMs ?? DEFAULT_PERIOD_MS;
    this.maxBuckets = options.maxBuckets ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /** Takes one unit from every demanded bucket, or from none when any of them is out. */
  take(demands: readonly Demand[]): TakeResult {
    const now = this.now();
    const period = Math.floor(now / this.periodMs);
    const buckets = demands.map((d) => this.bucketAt(d.policy, d.key, now, period));
    for (const b of buckets) {
      if (b.tokens >= 1 && b.spent < b.allowance) continue;
      const waitMs = b.tokens < 1 ? (1 - b.tokens) / b.policy.perMs : (period + 1) * this.periodMs - now;
      return {
        ok: false,
        refused: { policy: b.policy, remaining: 0, resetSeconds: this.resetSeconds(b) },
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      };
    }
    for (const b of buckets) {
      b.tokens -= 1;
      b.spent += 1;
      b.unreported += 1;
      this.dirty.add(b);
    }
    return { ok: true, readings: buckets.map((b) => this.reading(b)) };
  }

  /** What this instance spent since the last call, for its report to the others. */
  drainUsage(): UsageEntry[] {
    const entries: UsageEntry[] = [];
    for (const b of this.dirty) {
      if (b.unreported > 0) entries.push([b.policy.name, b.key, b.unreported]);
      b.unreported = 0;
    }
    this.dirty.clear();
    return entries;
  }

  /** Another instance's report: what it spent, up to the end of `period`. */
  applyReport(peer: string, period: number, entries: readonly UsageEntry[]): void {
    const now = this.now();
    const known = this.peers.get(peer);
    this.peers.set(peer, { lastPeriod: Math.max(period, known?.lastPeriod ?? period), heardAt: now });
    const current = Math.floor(now / this.periodMs);
    for (const [name, key, count] of entries) {
      const policy = this.policies.get(name as RateLimitPolicyName);
      if (!policy || !(count > 0)) continue;
      const b = this.bucketAt(policy, key, now, current);
      b.tokens = Math.max(-policy.capacity, b.tokens - count);
    }
  }

  /** The current period's number (every instance agrees on it, give or take clock skew). */
  currentPeriod(): number {
    return Math.floor(this.now() / this.periodMs);
  }

  /** Milliseconds until the next period begins. */
  untilNextPeriod(): number {
    return this.periodMs - (this.now() % this.periodMs);
  }

  /** Instances heard of recently, this one excluded. */
  livePeers(): number {
    const since = this.now() - PEER_LIFETIME_PERIODS * this.periodMs;
    let live = 0;
    for (const [id, peer] of this.peers) {
      if (peer.heardAt >= since) live++;
      else this.peers.delete(id);
    }
    return live;
  }

  /** Forgets full buckets with nothing left to report (a new one would be the same). */
  sweep(): void {
    const now = this.now();
    for (const [id, b] of this.buckets) {
      this.refill(b, now);
      if (b.tokens >= b.policy.capacity && b.unreported === 0) this.buckets.delete(id);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  private bucketAt(policy: RateLimitPolicy, key: string, now: number, period: number): Bucket {
    const id = `${policy.name}\u0000${key}`;
    let b = this.buckets.get(id);
    if (!b) {
      if (this.buckets.size >= this.maxBuckets) this.evictOldest();
      b = {
        policy,
        key,
        tokens: policy.capacity,
        at: now,
        period: -1,
        startTokens: policy.capacity,
        allowance: Infinity,
        spent: 0,
        unreported: 0,
      };
      this.buckets.set(id, b);
    }
    this.refill(b, now);
    if (b.period !== period) this.beginPeriod(b, period);
    return b;
  }

  private refill(b: Bucket, now: number): void {
    if (now > b.at) b.tokens = Math.min(b.policy.capacity, b.tokens + (now - b.at) * b.policy.perMs);
    b.at = now;
  }

  private beginPeriod(b: Bucket, period: number): void {
    const instances = 1 + this.livePeers();
    if (instances === 1) b.allowance = Infinity;
    else {
      // What each instance that has not reported the last period yet may have spent in it: its
      // share of what was left then (this one's estimate of it).
      const then = b.period === period - 1 ? b.startTokens : b.tokens;
      const perPeer = Math.ceil(Math.max(0, then) / instances);
      const reserve = this.unreportedPeers(period) * perPeer;
      b.allowance = Math.ceil(Math.max(0, b.tokens - reserve) / instances);
    }
    b.period = period;
    b.startTokens = b.tokens;
    b.spent = 0;
  }

  /** Live instances whose report of the period before `period` has not arrived. */
  private unreportedPeers(period: number): number {
    let missing = 0;
    for (const peer of this.peers.values()) if (peer.lastPeriod < period - 1) missing++;
    return missing;
  }

  private reading(b: Bucket): BucketReading {
    return {
      policy: b.policy,
      remaining: Math.max(0, Math.min(Math.floor(b.tokens), b.allowance - b.spent)),
      resetSeconds: this.resetSeconds(b),
    };
  }

  private resetSeconds(b: Bucket): number {
    return Math.max(0, Math.ceil((b.policy.capacity - b.tokens) / b.policy.perMs / 1000));
  }

  private evictOldest(): void {
    const oldest = this.buckets.entries().next();
    if (oldest.done) return;
    this.buckets.delete(oldest.value[0]);
    this.dirty.delete(oldest.value[1]);
  }
}
