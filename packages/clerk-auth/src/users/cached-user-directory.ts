import {
  NotFoundError,
  type ProfilePatch,
  ServiceUnavailableError,
  type UserDirectory,
  type UserProfile,
} from '@stack/api/contracts';

import { SingleFlight } from '../util/single-flight.js';
import { TtlCache } from '../util/ttl-cache.js';

export interface CachedUserDirectoryOptions {
  /** How long a profile is served without asking the source again. */
  ttlMs?: number;
  /** How long past its TTL a profile may still be served while the source is down. */
  staleIfErrorMs?: number;
  /** In the last this-many ms of its TTL, a profile is served and refreshed in the background. */
  refreshAheadMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Keeps profiles for a short TTL so the hot path makes no Backend API call, loads each user once
 * however many requests ask at the same moment, and serves a recently cached profile when the
 * source is down (bounded staleness) instead of failing. A profile in use is refreshed in the
 * background shortly before it expires, so active users never wait on the Backend API. A user the
 * source reports as gone (404 on a load, a background refresh or an update) is forgotten at once,
 * so no request is served a deleted user's profile afterwards.
 */
export class CachedUserDirectory implements UserDirectory {
  private readonly cache: TtlCache<string, UserProfile>;
  private readonly loads = new SingleFlight<string, UserProfile>();
  private readonly ttlMs: number;
  private readonly staleIfErrorMs: number;
  private readonly refreshAheadMs: number;
  private readonly now: () => number;
  /** Bumped by invalidate()/clear(): a load that started before is answered but not remembered. */
  private readonly generations = new Map<string, number>();
  private epoch = 0;

  constructor(
    private readonly source: UserDirectory,
    options: CachedUserDirectoryOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.staleIfErrorMs = options.staleIfErrorMs ?? 5 * 60_000;
    this.refreshAheadMs = options.refreshAheadMs ?? this.ttlMs / 5;
    this.now = options.now ?? Date.now;
    // Entries live until the end of their stale window; freshness is judged against the TTL.
    this.cache = new TtlCache(options.maxEntries ?? 10_000, this.now);
  }

  async getProfile(userId: string): Promise<UserProfile> {
    const entry = this.cache.getStale(userId);
    const freshFor = entry ? entry.expiresAt - this.staleIfErrorMs - this.now() : 0;
    if (entry && freshFor > 0) {
      if (freshFor <= this.refreshAheadMs) void this.loads.run(userId, () => this.load(userId)).catch(() => {});
      return entry.value;
    }
    return this.loads.run(userId, () => this.load(userId));
  }

  async updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile> {
    let updated: UserProfile;
    try {
      updated = await this.source.updateProfile(userId, patch);
    } catch (error) {
      this.forgetIfGone(userId, error);
      throw error;
    }
    // The source wrote it: newer than anything a concurrent load may bring back.
    this.invalidate(userId);
    this.remember(updated, this.stamp(userId));
    return updated;
  }

  /**
   * Forgets one user (their data changed at the source): the next call loads again, and a load
   * already under way is not remembered (later callers start a fresh one).
   */
  invalidate(userId: string): void {
    this.cache.delete(userId);
    this.generations.set(userId, (this.generations.get(userId) ?? 0) + 1);
    this.loads.forget(userId);
  }

  /** Forgets every user (e.g. after missing change notifications). */
  clear(): void {
    this.cache.clear();
    this.generations.clear();
    this.epoch++;
    this.loads.forgetAll();
  }

  private stamp(userId: string): string {
    return `${this.epoch}:${this.generations.get(userId) ?? 0}`;
  }

  private async load(userId: string): Promise<UserProfile> {
    const stamp = this.stamp(userId);
    try {
      const profile = await this.source.getProfile(userId);
      this.remember(profile, stamp);
      return profile;
    } catch (error) {
      this.forgetIfGone(userId, error);
      const stale = this.cache.get(userId);
      if (stale && error instanceof ServiceUnavailableError) return stale;
      throw error;
    }
  }

  /** A 404 is the source's answer that the user no longer exists: no stale copy may outlive it. */
  private forgetIfGone(userId: string, error: unknown): void {
    if (error instanceof NotFoundError) this.cache.delete(userId);
  }

  /** Stores the profile unless the user was invalidated since `stamp` was taken. */
  private remember(profile: UserProfile, stamp: string): void {
    if (stamp !== this.stamp(profile.id)) return;
    this.cache.set(profile.id, Object.freeze({ ...profile }), this.now() + this.ttlMs + this.staleIfErrorMs);
  }
}
