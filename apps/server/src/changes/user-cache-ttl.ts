/** How long a cached profile is served while the change feed is up (writes elsewhere evict it). */
export const USER_CACHE_TTL_MS = 60_000;
/**
 * While the feed is down, changes made through other instances go unheard: a cached profile is
 * then served at most this long after it was loaded. This is the stated staleness bound.
 */
export const USER_CACHE_TTL_WITHOUT_FEED_MS = 5_000;
