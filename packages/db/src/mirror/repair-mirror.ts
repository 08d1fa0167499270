import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';

import type { Tx } from '../database.js';
import { memberships, organizations } from '../schema/organizations.js';
import { users } from '../schema/users.js';
import { upsertMembership } from './membership-writes.js';
import type { ChangeSet, Mirror } from './mirror.js';
import type { MirrorMembership, MirrorOrganization, MirrorUser } from './mirror-records.js';
import { tombstoneOrganization, upsertOrganization } from './organization-writes.js';
import { tombstoneUser, upsertUser } from './user-writes.js';
import type { WriteOutcome } from './write-outcome.js';

export interface RepairCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Live in the mirror, gone from Clerk: tombstoned (users, organizations) or ended (memberships). */
  removed: number;
}

const emptyCounts = (): RepairCounts => ({ inserted: 0, updated: 0, unchanged: 0, removed: 0 });

/**
 * Upserts every page (one transaction each; the usual version guards, so nothing newer is
 * overwritten), then removes what is live here but was in no page. Only rows last written before
 * `startedAt` are removed: one created while the listing ran is not missing, just new.
 */
async function repair<T>(
  mirror: Mirror,
  pages: AsyncIterable<T[]>,
  keyOf: (item: T) => string,
  upsert: (tx: Tx, item: T) => Promise<WriteOutcome>,
  mark: (changes: ChangeSet, item: T) => void,
  removeMissing: (seen: Set<string>, counts: RepairCounts) => Promise<void>,
): Promise<RepairCounts> {
  const counts = emptyCounts();
  const seen = new Set<string>();
  for await (const page of pages) {
    await mirror.write(async (tx, changes) => {
      for (const item of page) {
        seen.add(keyOf(item));
        const outcome = await upsert(tx, item);
        counts[outcome]++;
        if (outcome !== 'unchanged') mark(changes, item);
      }
    });
  }
  await removeMissing(seen, counts);
  return counts;
}

export function repairUsers(
  mirror: Mirror,
  pages: AsyncIterable<MirrorUser[]>,
  startedAt: Date,
): Promise<RepairCounts> {
  return repair(
    mirror,
    pages,
    (u) => u.id,
    upsertUser,
    (c, u) => c.user(u.id),
    async (seen, counts) => {
      const live = await mirror.db
        .select({ id: users.id })
        .from(users)
        .where(and(isNull(users.deletedAt), or(isNull(users.syncedAt), lt(users.updatedAt, startedAt))));
      const missing = live.map((r) => r.id).filter((id) => !seen.has(id));
      if (missing.length === 0) return;
      await mirror.write(async (tx, changes) => {
        for (const id of missing) {
          const deletedAt = await tombstoneUser(tx, id);
          if (deletedAt) {
            changes.user(id);
            changes.revoke({ kind: 'user-deleted', userId: id, at: deletedAt.getTime() });
            counts.removed++;
          }
        }
      });
    },
  );
}

export function repairOrganizations(
  mirror: Mirror,
  pages: AsyncIterable<MirrorOrganization[]>,
  startedAt: Date,
): Promise<RepairCounts> {
  return repair(
    mirror,
    pages,
    (o) => o.id,
    upsertOrganization,
    (c, o) => c.org(o.id),
    async (seen, counts) => {
      const live = await mirror.db
        .select({ id: organizations.id, slug: organizations.slug })
        .from(organizations)
        .where(and(isNull(organizations.deletedAt), lt(organizations.updatedAt, startedAt)));
      const missing = live.filter((r) => !seen.has(r.id));
      if (missing.length === 0) return;
      await mirror.write(async (tx, changes) => {
        for (const org of missing) {
          const deletedAt = await tombstoneOrganization(tx, org.id, org.slug);
          if (deletedAt) {
            changes.org(org.id);
            changes.revoke({ kind: 'organization-deleted', orgId: org.id, at: deletedAt.getTime() });
            counts.removed++;
          }
        }
      });
    },
  );
}

const membershipKey = (orgId: string, userId: string) => `${orgId}\u0000${userId}`;

export function repairMemberships(
  mirror: Mirror,
  pages: AsyncIterable<MirrorMembership[]>,
  startedAt: Date,
): Promise<RepairCounts> {
  return repair(
    mirror,
    pages,
    (m) => membershipKey(m.orgId, m.userId),
    upsertMembership,
    (c, m) => {
      c.org(m.orgId);
      c.revoke({ kind: 'membership-changed', orgId: m.orgId, userId: m.userId, role: m.role, at: m.updatedAt });
    },
    async (seen, counts) => {
      const live = await mirror.db
        .select({ orgId: memberships.orgId, userId: memberships.userId })
        .from(memberships)
        .where(and(isNull(memberships.deletedAt), lt(memberships.updatedAt, startedAt)));
      const missing = live.filter((r) => !seen.has(membershipKey(r.orgId, r.userId)));
      if (missing.length === 0) return;
      await mirror.write(async (tx, changes) => {
        for (const m of missing) {
          const ended = await tx
            .update(memberships)
            .set({ deletedAt: sql`now()` })
            .where(and(eq(memberships.orgId, m.orgId), eq(memberships.userId, m.userId), isNull(memberships.deletedAt)))
            .returning({ deletedAt: memberships.deletedAt });
          const endedAt = ended[0]?.deletedAt;
          if (endedAt) {
            changes.org(m.orgId);
            changes.revoke({ ...m, kind: 'membership-changed', role: null, at: endedAt.getTime() });
            counts.removed++;
          }
        }
      });
    },
  );
}
