import { eq } from 'drizzle-orm';

import {
  type ProfilePatch,
  type UserDirectory,
  type UserLookupSource,
  UserNotFoundError,
  type UserProfile,
} from '@stack/contracts';

import type { Executor } from '../database.js';
import { reportingOutages } from '../outage.js';
import { users } from '../schema/users.js';
import type { Mirror } from './mirror.js';
import type { MirrorUser } from './mirror-records.js';
import { upsertUser } from './user-writes.js';

type UserRow = typeof users.$inferSelect;

function toProfile(row: UserRow): UserProfile {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    imageUrl: row.imageUrl ?? '',
    username: row.username,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

/** A profile as Clerk serves it, as the mirror stores it. */
export function mirrorUserFromProfile(profile: UserProfile): MirrorUser {
  return {
    id: profile.id,
    email: profile.email,
    firstName: profile.firstName,
    lastName: profile.lastName,
    username: profile.username,
    imageUrl: profile.imageUrl || null,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}

async function selectUser(ex: Executor, id: string): Promise<UserRow | undefined> {
  const rows = await ex.select().from(users).where(eq(users.id, id));
  return rows[0];
}

/**
 * Profiles from the database mirror: a user it holds costs no Backend API call; a user it lacks
 * (or holds only as a placeholder) is loaded from `clerk` once and stored; a deleted user
 * (tombstone) is a 404. Updates go through `clerk` and are stored in the same call, so the caller
 * reads its own write and the webhook that follows changes nothing. No cache here: put
 * CachedUserDirectory in front, invalidated from Mirror.onCommit (webhooks, the sync); its own
 * loads and updates it remembers itself.
 */
export class MirrorUserDirectory implements UserDirectory {
  constructor(
    private readonly mirror: Mirror,
    private readonly clerk: UserDirectory,
    /** Told of each lookup answered, from the mirror or (a user it lacks) from Clerk. */
    private readonly onLookup?: (source: Exclude<UserLookupSource, 'cache'>) => void,
  ) {}

  async getProfile(userId: string): Promise<UserProfile> {
    const row = await reportingOutages(() => selectUser(this.mirror.db, userId));
    if (row?.deletedAt) throw new UserNotFoundError(userId);
    if (row?.syncedAt) {
      this.onLookup?.('database');
      return toProfile(row);
    }
    const profile = await this.store(await this.clerk.getProfile(userId));
    this.onLookup?.('clerk');
    return profile;
  }

  async updateProfile(userId: string, patch: ProfilePatch): Promise<UserProfile> {
    return this.store(await this.clerk.updateProfile(userId, patch));
  }

  /**
   * Stores Clerk's version and answers with what the mirror then holds (a newer version wins).
   * The cache in front remembers that answer, so it is not told to evict it (other instances are).
   */
  private async store(profile: UserProfile): Promise<UserProfile> {
    const { result } = await this.mirror.write(
      async (tx, changes) => {
        if ((await upsertUser(tx, mirrorUserFromProfile(profile))) !== 'unchanged') changes.user(profile.id);
        return selectUser(tx, profile.id);
      },
      { tellListeners: false },
    );
    if (!result || result.deletedAt) throw new UserNotFoundError(profile.id);
    return toProfile(result);
  }
}
