import type { ClerkClient, User } from '@clerk/backend';

import {
  type ProfilePatch,
  ServiceUnavailableError,
  type UserDirectory,
  UserNotFoundError,
  type UserProfile,
} from '@stack/contracts';

import { retryAfterSecondsOf } from '../util/retry-after.js';
import { TimeoutError, withTimeout } from '../util/with-timeout.js';
import { CircuitBreaker } from './circuit-breaker.js';

export interface ClerkUserDirectoryOptions {
  /** Give up on one Backend API call after this long. */
  timeoutMs?: number;
  /** Retry-After sent to clients when Clerk gave none. */
  defaultRetryAfterSeconds?: number;
  /** Clerk's own Retry-After is honoured up to this many seconds. */
  maxRetryAfterSeconds?: number;
  /** Stops calling Clerk while it keeps failing; default: a breaker with its default settings. */
  breaker?: CircuitBreaker;
  /** Told how each Backend API request ended (none is made while the breaker is open). */
  onRequest?: (outcome: BackendApiOutcome) => void;
}

/** How one Backend API request ended. */
export type BackendApiOutcome = 'ok' | 'not_found' | 'rate_limited' | 'timeout' | 'error';

/** Clerk answered 429: every call is paused for Retry-After (Clerk's limits are per instance). */
export class RateLimitedError extends ServiceUnavailableError {}

/**
 * Users straight from Clerk's Backend API (no caching here; see CachedUserDirectory), behind a
 * timeout and a circuit breaker. Every dependency failure becomes ServiceUnavailableError (503),
 * a missing user UserNotFoundError (404); nothing else reaches the client.
 */
export class ClerkUserDirectory implements UserDirectory {
  private readonly timeoutMs: number;
  private readonly retryAfter: number;
  private readonly maxRetryAfter: number;
  readonly breaker: CircuitBreaker;
  private readonly onRequest: ClerkUserDirectoryOptions['onRequest'];

  constructor(
    private readonly clerk: Pick<ClerkClient, 'users'>,
    options: ClerkUserDirectoryOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.retryAfter = options.defaultRetryAfterSeconds ?? 5;
    this.maxRetryAfter = options.maxRetryAfterSeconds ?? 60;
    this.breaker = options.breaker ?? new CircuitBreaker();
    this.onRequest = options.onRequest;
  }

  getProfile(userId: string): Promise<UserProfile> {
    return this.call(userId, () => this.clerk.users.getUser(userId));
  }

  updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile> {
    return this.call(userId, () => this.clerk.users.updateUser(userId, patch));
  }

  private call(userId: string, request: () => Promise<User>): Promise<UserProfile> {
    return this.breaker.run(
      async () => {
        let user: User;
        try {
          user = await withTimeout(request(), this.timeoutMs, 'Clerk Backend API call');
        } catch (error) {
          this.onRequest?.(outcomeOf(error));
          throw this.translate(userId, error);
        }
        this.onRequest?.('ok');
        return toProfile(this.checked(userId, user));
      },
      (error) => error instanceof ServiceUnavailableError,
    );
  }

  /**
   * A proxy or misconfigured emulator answering with the wrong Content-Type makes the SDK hand
   * back a string, and a confused cache in front of Clerk could hand back someone else: both are
   * a broken dependency, never a profile to serve (or to cache under another user's id).
   */
  private checked(userId: string, user: User): User {
    if (typeof user !== 'object' || user === null || typeof user.id !== 'string') {
      throw new ServiceUnavailableError('Clerk Backend API returned an unexpected response', this.retryAfter);
    }
    if (user.id !== userId) {
      throw new ServiceUnavailableError('Clerk Backend API returned a different user than asked for', this.retryAfter);
    }
    return user;
  }

  private translate(userId: string, error: unknown): Error {
    const status = (error as { status?: unknown } | null)?.status;
    if (status === 404) return new UserNotFoundError(userId);
    const detail = typeof status === 'number' ? `HTTP ${status}` : ((error as Error | null)?.message ?? String(error));
    const given = retryAfterSecondsOf(error, this.maxRetryAfter);
    if (status === 429) {
      const seconds = given ?? this.retryAfter;
      this.breaker.pause(seconds);
      return new RateLimitedError(`Clerk Backend API rate limited (${detail})`, seconds, { cause: error });
    }
    return new ServiceUnavailableError(`Clerk Backend API unavailable (${detail})`, given ?? this.retryAfter, {
      cause: error,
    });
  }
}

function outcomeOf(error: unknown): BackendApiOutcome {
  if (error instanceof TimeoutError) return 'timeout';
  const status = (error as { status?: unknown } | null)?.status;
  return status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'error';
}

export function toProfile(user: User): UserProfile {
  return {
    id: user.id,
    email: user.primaryEmailAddress?.emailAddress ?? null,
    firstName: user.firstName,
    lastName: user.lastName,
    imageUrl: user.imageUrl,
    username: user.username,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
