import type { UserDirectory } from '@stack/contracts';

import type { Database } from '../database.js';
import { insertUserIfMissing, userExists } from '../users/user-queries.js';

/**
 * Makes sure a note's author (or editor) is in the users table before the note is written: a user not seen
 * before is loaded once from the directory (Clerk) and stored. Concurrent first writes by the
 * same user share one load.
 */
export class NoteAuthors {
  private readonly known = new Set<string>();
  private readonly loading = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly directory: UserDirectory,
  ) {}

  async ensure(userId: string): Promise<void> {
    if (this.known.has(userId)) return;
    let pending = this.loading.get(userId);
    if (!pending) {
      pending = this.load(userId).finally(() => this.loading.delete(userId));
      this.loading.set(userId, pending);
    }
    await pending;
  }

  private async load(userId: string): Promise<void> {
    if (!(await userExists(this.db, userId))) {
      // Outside any transaction: never hold a database lock while waiting on Clerk.
      const profile = await this.directory.getProfile(userId);
      await insertUserIfMissing(this.db, profile);
    }
    this.known.add(userId);
  }
}
