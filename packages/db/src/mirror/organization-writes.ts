import { eq, isNull, sql } from 'drizzle-orm';

import type { Tx } from '../database.js';
import { notes } from '../schema/notes.js';
import { memberships, organizations } from '../schema/organizations.js';
import { lockEntity } from './entity-locks.js';
import type { MirrorOrganization } from './mirror-records.js';
import { outcomeOf, wasInserted, type WriteOutcome } from './write-outcome.js';

/** Stores a Clerk version of an organization unless the stored one is as new or a tombstone. */
export async function upsertOrganization(tx: Tx, org: MirrorOrganization): Promise<WriteOutcome> {
  const rows = await tx
    .insert(organizations)
    .values({
      id: org.id,
      name: org.name,
      slug: org.slug,
      imageUrl: org.imageUrl,
      createdAt: new Date(org.createdAt),
      updatedAt: new Date(org.updatedAt),
    })
    .onConflictDoUpdate({
      target: organizations.id,
      set: {
        name: sql`excluded.name`,
        slug: sql`excluded.slug`,
        imageUrl: sql`excluded.image_url`,
        createdAt: sql`excluded.created_at`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: sql`${organizations.deletedAt} is null and excluded.updated_at > ${organizations.updatedAt}`,
    })
    .returning({ inserted: wasInserted });
  return outcomeOf(rows);
}

/**
 * An organization deleted in Clerk: a tombstone (ids are never reused), its notes and memberships
 * removed. Null when already a tombstone, else when it was deleted (the database's clock).
 */
export async function tombstoneOrganization(tx: Tx, orgId: string, slug: string | null): Promise<Date | null> {
  await lockEntity(tx, 'org', orgId);
  const rows = await tx
    .insert(organizations)
    .values({ id: orgId, slug, name: '', updatedAt: sql`now()`, deletedAt: sql`now()` })
    .onConflictDoUpdate({
      target: organizations.id,
      set: { deletedAt: sql`excluded.deleted_at` },
      setWhere: isNull(organizations.deletedAt),
    })
    .returning({ deletedAt: organizations.deletedAt });
  const deletedAt = rows[0]?.deletedAt;
  if (!deletedAt) return null;
  await tx.delete(notes).where(eq(notes.orgId, orgId));
  await tx.delete(memberships).where(eq(memberships.orgId, orgId));
  return deletedAt;
}
