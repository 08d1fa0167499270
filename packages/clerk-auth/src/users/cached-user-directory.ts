import {
  NotFoundError,
  type ProfilePatch,
  ServiceUnavailableError,
  type UserDirectory,
  type UserLookupSource,
  type UserProfile,
} from '@stack/contracts';

import { SingleFlight } from '../util/single-flight.js';
import { TtlCache } from '../util/ttl-cache.js';

export interface CachedUserDirectoryOptions {
  /**
   * How long a profile is served without asking the source again. A function is read on every
   * lookup (against the profile's load time), so a cache can shorten it at once, e.g. while the
   * change feed that would tell it about writes elsewhere is down.
   */
  ttlMs?: number | (() => number);
  /** How long past its TTL a profile may still be served while the source is down. */
  staleIfErrorMs?: number;
  /** In the last this-many ms of its TTL, a profile is served and refreshed in the background. */
  refreshAheadMs?: number;
  maxEntries?: number;
  now?: () => number;
  /** Told of each lookup this cache answered itself (fresh, or stale while the source is down). */
  onLookup?: (source: Extract<UserLookupSource, 'cache'>) => void;
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
  private readonly cache: TtlCache<string, { profile: UserProfile; loadedAt: number }>;
  private readonly loads = new SingleFlight<string, UserProfile>();
  /** The load currently allowed to fill each key: a load that started before an invalidation is not. */
  private readonly current = new Map<string, object>();
  private readonly ttlMs: () => number;
  private readonly staleIfErrorMs: number;
  private readonly refreshAheadMs: number | undefined;
  private readonly now: () => number;
  private readonly onLookup: CachedUserDirectoryOptions['onLookup'];

  constructor(
    private readonly source: UserDirectory,
    options: CachedUserDirectoryOptions = {},
  ) {
    const ttl = options.ttlMs ?? 60_000;
    this.ttlMs = typeof ttl === 'number' ? () => ttl : ttl;
    this.staleIfErrorMs = options.staleIfErrorMs ?? 5 * 60_000;
    this.refreshAheadMs = options.refreshAheadMs;
    this.now = options.now ?? Date.now;
    this.onLookup = options.onLookup;
    // Entries live until the end of their stale window; freshness is judged against the TTL.
    this.cache = new TtlCache(options.maxEntries ?? 10_000, this.now);
  }

  async getProfile(userId: string): Promise<UserProfile> {
    const entry = this.cache.getStale(userId);
    const ttl = this.ttlMs();
    const freshFor = entry ? entry.value.loadedAt + ttl - this.now() : 0;
    if (entry && freshFor > 0) {
      if (freshFor <= (this.refreshAheadMs ?? ttl / 5))
        void this.loads.run(userId, () => this.load(userId)).catch(() => {});
      this.onLookup?.('cache');
      return entry.value.profile;
    }
    return this.loads.run(userId, () => this.load(userId));
  }

  /**
   * Forgets one user (it changed elsewhere): the next lookup loads it again, and a load already
   * under way, which may have read the old profile, neither fills the cache nor is shared.
   */
  invalidate(userId: string): void {
    this.cache.delete(userId);
    this.current.delete(userId);
    this.loads.forget(userId);
  }

  /** Forgets everyone (changes may have been missed, e.g. while the change feed was down). */
  clear(): void {
    this.cache.clear();
    this.current.clear();
    this.loads.forgetAll();
  }

  async updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile> {
    let updated: UserProfile;
    try {
      updated = await this.source.updateProfile(userId, patch);
    } catch (error) {
      this.forgetIfGone(userId, error);
      throw error;
    }
    // A load under way read the profile before this write: it must not overwrite it.
    this.current.delete(userId);
    this.loads.forget(userId);
    this.remember(updated);
    return updated;
  }

  private async load(userId: string): Promise<UserProfile> {
    const flight = {};
    this.current.set(userId, flight);
    try {
      const profile = await this.source.getProfile(userId);
      if (this.current.get(userId) === flight) this.remember(profile);
      return profile;
    } catch (error) {
      this.forgetIfGone(userId, error);
      const stale = this.cache.get(userId);
      if (stale && error instanceof ServiceUnavailableError) {
        this.onLookup?.('cache');
        return stale.profile;
      }
      throw error;
    } finally {
      if (this.current.get(userId) === flight) this.current.delete(userId);
    }
  }

  /** A 404 is the source's answer that the user no longer exists: no stale copy may outlive it. */
  private forgetIfGone(userId: string, error: unknown): void {
    if (error instanceof NotFoundError) this.cache.delete(userId);
  }

  private remember(profile: UserProfile): void {
    const loadedAt = this.now();
    this.cache.set(
      profile.id,
      { profile: Object.freeze({ ...profile }), loadedAt },
      loadedAt + this.ttlMs() + this.staleIfErrorMs,
    );
  }
}
