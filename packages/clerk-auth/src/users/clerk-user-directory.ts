import type { ClerkClient, User } from '@clerk/backend';
import { ServiceUnavailableError, UserNotFoundError, type ProfilePatch, type UserDirectory, type UserProfile } from '@stack/api';

import { withTimeout } from '../util/with-timeout.js';

export interface ClerkUserDirectoryOptions {
  /** Give up on one Backend API call after this long. */
  timeoutMs?: number;
  /** Retry-After sent to clients when Clerk gave none. */
  defaultRetryAfterSeconds?: number;
}

/** Users straight from Clerk's Backend API: no caching here (see CachedUserDirectory). */
export class ClerkUserDirectory implements UserDirectory {
  private readonly timeoutMs: number;
  private readonly retryAfter: number;

  constructor(
    private readonly clerk: Pick<ClerkClient, 'users'>,
    options: ClerkUserDirectoryOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.retryAfter = options.defaultRetryAfterSeconds ?? 5;
  }

  getProfile(userId: string): Promise<UserProfile> {
    return this.call(userId, () => this.clerk.users.getUser(userId));
  }

  updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile> {
    return this.call(userId, () => this.clerk.users.updateUser(userId, patch));
  }

  private async call(userId: string, request: () => Promise<User>): Promise<UserProfile> {
    let user: User;
    try {
      user = await withTimeout(request(), this.timeoutMs, 'Clerk Backend API call');
    } catch (error) {
      throw this.translate(userId, error);
    }
    // A proxy or misconfigured emulator answering with the wrong Content-Type makes the SDK hand
    // back a string; that is a broken dependency, not a user.
    if (typeof user !== 'object' || user === null || typeof user.id !== 'string') {
      throw new ServiceUnavailableError('Clerk Backend API returned an unexpected response', this.retryAfter);
    }
    return toProfile(user);
  }

  private translate(userId: string, error: unknown): Error {
    const status = (error as { status?: unknown }).status;
    if (status === 404) return new UserNotFoundError(userId);
    const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
    const seconds = typeof retryAfter === 'number' && retryAfter > 0 ? retryAfter : this.retryAfter;
    const detail = typeof status === 'number' ? `HTTP ${status}` : (error as Error).message;
    return new ServiceUnavailableError(`Clerk Backend API unavailable (${detail})`, seconds, { cause: error });
  }
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
