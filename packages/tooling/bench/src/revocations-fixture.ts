import { openDatabase, schema } from '@stack/db';

/** How many revocations the mirror holds for the `ours-1-revocations` contender. */
const DELETED_USERS = 10_000;
const DELETED_ORGANIZATIONS = 1_000;
const ENDED_SESSIONS = 20_000;
const CHANGED_MEMBERSHIPS = 5_000;

export const REVOCATIONS_LABEL = `${(DELETED_USERS + DELETED_ORGANIZATIONS + ENDED_SESSIONS + CHANGED_MEMBERSHIPS).toLocaleString('en-US')} revocations`;

const CHUNK = 1_000;

async function inChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

/**
 * A database (migrated here) whose webhook mirror holds what a busy instance has been told by
 * Clerk: deleted users and organizations, ended sessions, membership changes of the last days.
 * The server loads them at boot and checks every request against them in memory; the bench's
 * own user is none of them.
 */
export async function seedRevocations(url: string): Promise<void> {
  const database = await openDatabase({ kind: 'postgres', url, poolMax: 2 });
  try {
    const { db } = database;
    const now = new Date();
    await inChunks(
      Array.from({ length: DELETED_USERS }, (_, i) => ({ id: `user_deleted_${i}`, updatedAt: now, deletedAt: now })),
      (chunk) => db.insert(schema.users).values(chunk),
    );
    await inChunks(
      Array.from({ length: DELETED_ORGANIZATIONS }, (_, i) => ({
        id: `org_deleted_${i}`,
        name: '',
        updatedAt: now,
        deletedAt: now,
      })),
      (chunk) => db.insert(schema.organizations).values(chunk),
    );
    await inChunks(
      Array.from({ length: ENDED_SESSIONS }, (_, i) => ({
        sessionId: `sess_ended_${i}`,
        userId: `user_signed_out_${i}`,
        status: 'ended',
      })),
      (chunk) => db.insert(schema.endedSessions).values(chunk),
    );
    await inChunks(
      Array.from({ length: CHANGED_MEMBERSHIPS }, (_, i) => ({
        orgId: `org_changed_${i % 100}`,
        userId: `user_member_${i}`,
        role: 'org:member',
        updatedAt: now,
      })),
      (chunk) => db.insert(schema.memberships).values(chunk),
    );
  } finally {
    await database.close();
  }
}
