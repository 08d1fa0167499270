import { gt, isNotNull, sql } from 'drizzle-orm';

import type { RevocationFact } from '@stack/contracts';

import type { Executor } from '../database.js';
import { reportingOutages } from '../outage.js';
import { endedSessions } from '../schema/ended-sessions.js';
import { memberships, organizations } from '../schema/organizations.js';
import { users } from '../schema/users.js';

/**
 * Every revocation the mirror holds, as the facts the webhooks announced: all deleted users and
 * organizations (tombstones are final), and the sessions ended and memberships changed since
 * `since` (older ones no longer matter to a token still in use; see RevocationList's retention).
 * What an instance loads at boot and after its change feed reconnects.
 */
export function loadRevocationFacts(ex: Executor, since: Date): Promise<RevocationFact[]> {
  return reportingOutages(async () => {
    const facts: RevocationFact[] = [];
    const deletedUsers = await ex
      .select({ id: users.id, at: users.deletedAt })
      .from(users)
      .where(isNotNull(users.deletedAt));
    for (const u of deletedUsers) facts.push({ kind: 'user-deleted', userId: u.id, at: u.at!.getTime() });
    const deletedOrgs = await ex
      .select({ id: organizations.id, at: organizations.deletedAt })
      .from(organizations)
      .where(isNotNull(organizations.deletedAt));
    for (const o of deletedOrgs) facts.push({ kind: 'organization-deleted', orgId: o.id, at: o.at!.getTime() });
    const sessions = await ex
      .select({ id: endedSessions.sessionId, at: endedSessions.endedAt })
      .from(endedSessions)
      .where(gt(endedSessions.endedAt, since));
    for (const s of sessions) facts.push({ kind: 'session-ended', sessionId: s.id, at: s.at.getTime() });
    // A removal counts from when it reached us (deleted_at), a role from when Clerk changed it.
    const changedAt = sql<Date>`coalesce(${memberships.deletedAt}, ${memberships.updatedAt})`.mapWith(
      memberships.updatedAt,
    );
    const changed = await ex
      .select({
        orgId: memberships.orgId,
        userId: memberships.userId,
        role: memberships.role,
        deletedAt: memberships.deletedAt,
        at: changedAt,
      })
      .from(memberships)
      .where(gt(changedAt, since));
    for (const m of changed) {
      facts.push({
        kind: 'membership-changed',
        orgId: m.orgId,
        userId: m.userId,
        role: m.deletedAt ? null : m.role,
        at: m.at.getTime(),
      });
    }
    return facts;
  });
}
