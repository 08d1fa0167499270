import { eq } from 'drizzle-orm';

import type { UserProfile } from '@stack/contracts';

import type { Executor } from '../database.js';
import { users } from '../schema/users.js';

export async function userExists(ex: Executor, id: string): Promise<boolean> {
  const rows = await ex.select({ id: users.id }).from(users).where(eq(users.id, id));
  return rows.length === 1;
}

/** Stores a user seen for the first time; an existing row (the mirror's) is left as it is. */
export async function insertUserIfMissing(ex: Executor, profile: UserProfile): Promise<void> {
  await ex
    .insert(users)
    .values({
      id: profile.id,
      email: profile.email,
      firstName: profile.firstName,
      lastName: profile.lastName,
      username: profile.username,
      imageUrl: profile.imageUrl || null,
      createdAt: new Date(profile.createdAt),
      updatedAt: new Date(profile.updatedAt),
    })
    .onConflictDoNothing({ target: users.id });
}
