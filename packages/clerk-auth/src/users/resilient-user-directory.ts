import type { ClerkClient } from '@clerk/backend';

import { CachedUserDirectory, type CachedUserDirectoryOptions } from './cached-user-directory.js';
import { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
import { ClerkUserDirectory, type ClerkUserDirectoryOptions } from './clerk-user-directory.js';

export interface ResilientUserDirectoryOptions {
  /** Per-call timeout and Retry-After handling. */
  clerk?: Omit<ClerkUserDirectoryOptions, 'breaker'>;
  breaker?: CircuitBreakerOptions;
  cache?: CachedUserDirectoryOptions;
}

/**
 * The user directory a server should use: a TTL cache with single-flight and bounded stale-if-error
 * in front of Clerk's Backend API, which sits behind a timeout and a circuit breaker.
 */
export function createResilientUserDirectory(
  clerk: Pick<ClerkClient, 'users'>,
  options: ResilientUserDirectoryOptions = {},
): CachedUserDirectory {
  const breaker = new CircuitBreaker(options.breaker);
  return new CachedUserDirectory(new ClerkUserDirectory(clerk, { ...options.clerk, breaker }), options.cache);
}
