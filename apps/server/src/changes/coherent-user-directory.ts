import { Logger } from '@nestjs/common';

import type { ProfilePatch, UserDirectory, UserProfile } from '@stack/api';
import type { CachedUserDirectory } from '@stack/clerk-auth';
import { type Change, type OpenDatabase, publish } from '@stack/db';

import { subscribeCache } from './cache-subscription.js';

const logger = new Logger('Changes');
/** How long an update waits for its own notification to come back before answering anyway. */
const ECHO_WAIT_MS = 250;

/**
 * The user directory of one instance among several: a profile update, once Clerk has taken it, is
 * announced on the change bus, so every instance (this one too) drops that user from its cache.
 * This instance's own cache already holds the updated profile (read-your-writes); the bus covers
 * the others.
 */
export class CoherentUserDirectory implements UserDirectory {
  constructor(
    private readonly cache: CachedUserDirectory,
    private readonly database: OpenDatabase,
  ) {
    subscribeCache(database.changes, 'user', cache);
  }

  getProfile(userId: string): Promise<UserProfile> {
    return this.cache.getProfile(userId);
  }

  async updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile> {
    const updated = await this.cache.updateProfile(userId, patch);
    await this.announce({ kind: 'user', id: userId });
    return updated;
  }

  /**
   * The write went to Clerk, not to our database, so there is no transaction to join: publish
   * right after it. If the database cannot take the NOTIFY, it cannot keep the other instances'
   * feeds up either, and their caches are on the short TTL meanwhile: log it, and acknowledge
   * the write Clerk acknowledged.
   */
  private async announce(change: Change): Promise<void> {
    const echo = this.echoOf(change);
    try {
      await publish(this.database.db, change);
    } catch (error) {
      echo.cancel();
      logger.warn(`could not publish ${change.kind} change: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    // PostgreSQL hands a NOTIFY to every listener at once; waiting (briefly) for our own copy means
    // the others have theirs too, so a client's next read on another instance sees the write.
    await echo.arrived;
  }

  private echoOf(change: Change): { arrived: Promise<void>; cancel(): void } {
    let done = () => {};
    const arrived = new Promise<void>((resolve) => (done = resolve));
    const timer = setTimeout(() => finish(), ECHO_WAIT_MS);
    const unsubscribe = this.database.changes.subscribe({
      onChange: (c) => {
        if (c.kind === change.kind && c.id === change.id) finish();
      },
      onResync: () => finish(),
    });
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      done();
    };
    if (!this.database.changes.health().connected) finish();
    return { arrived, cancel: finish };
  }
}
