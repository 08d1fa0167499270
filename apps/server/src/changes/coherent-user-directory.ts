import type { CachedUserDirectory } from '@stack/clerk-auth';
import type { ProfilePatch, UserDirectory, UserProfile } from '@stack/contracts';
import type { ChangeFeed } from '@stack/db';

import { subscribeCache } from './cache-subscription.js';

/** How long an update waits for its own notification to come back before answering anyway. */
const ECHO_WAIT_MS = 250;

/**
 * The user directory of one instance among several. Every instance (this one too) drops a user
 * from its cache when the change bus announces them; the mirror announces a profile update from
 * inside its transaction. This instance's own cache already holds the updated profile
 * (read-your-writes); before answering, the update waits (briefly) for its own notification:
 * PostgreSQL hands a NOTIFY to every listener at once, so once ours is back the other instances
 * have theirs, and a client's next read on another instance sees the write.
 */
export class CoherentUserDirectory implements UserDirectory {
  constructor(
    private readonly cache: CachedUserDirectory,
    private readonly feed: ChangeFeed,
  ) {
    subscribeCache(feed, 'user', cache);
  }

  getProfile(userId: string): Promise<UserProfile> {
    return this.cache.getProfile(userId);
  }

  async updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile> {
    const echo = this.echoOf(userId);
    try {
      const updated = await this.cache.updateProfile(userId, patch);
      await echo.arrived;
      return updated;
    } finally {
      echo.cancel();
    }
  }

  private echoOf(userId: string): { arrived: Promise<void>; cancel(): void } {
    let done = () => {};
    const arrived = new Promise<void>((resolve) => (done = resolve));
    const timer = setTimeout(() => finish(), ECHO_WAIT_MS);
    const unsubscribe = this.feed.subscribe({
      onChange: (c) => {
        if (c.kind === 'user' && c.id === userId) finish();
      },
      onResync: () => finish(),
    });
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      done();
    };
    if (!this.feed.health().connected) finish();
    return { arrived, cancel: finish };
  }
}
