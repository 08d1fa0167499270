import type { Tx } from '../database.js';
import { claimDelivery } from './claim-delivery.js';
import { lockMembershipParents, tombstoneMembership, upsertMembership } from './membership-writes.js';
import type { ChangeSet, Mirror } from './mirror.js';
import type {
  ApplyOutcome,
  MembershipEvent,
  OrganizationEvent,
  SessionEndedEvent,
  UserEvent,
} from './mirror-records.js';
import { tombstoneOrganization, upsertOrganization } from './organization-writes.js';
import { recordEndedSession } from './session-writes.js';
import { tombstoneUser, upsertUser } from './user-writes.js';

/**
 * One webhook message in one transaction: its id claimed first (taken → a redelivery, nothing
 * else runs), then the writes. `apply` says whether anything changed; a stale event commits only
 * its claim.
 */
async function applyOnce(
  mirror: Mirror,
  svixId: string,
  eventType: string,
  apply: (tx: Tx, changes: ChangeSet) => Promise<boolean>,
): Promise<ApplyOutcome> {
  const { result, change } = await mirror.write(async (tx, changes) => {
    if (!(await claimDelivery(tx, svixId, eventType))) return 'duplicate' as const;
    return (await apply(tx, changes)) ? ('applied' as const) : ('stale' as const);
  });
  return { status: result, change };
}

export function applyUserEvent(mirror: Mirror, svixId: string, event: UserEvent): Promise<ApplyOutcome> {
  return applyOnce(mirror, svixId, event.type, async (tx, changes) => {
    if (event.type === 'user.upserted') {
      const changed = (await upsertUser(tx, event.user)) !== 'unchanged';
      if (changed) changes.user(event.user.id);
      return changed;
    }
    const deletedAt = await tombstoneUser(tx, event.userId);
    if (!deletedAt) return false;
    changes.user(event.userId);
    changes.revoke({ kind: 'user-deleted', userId: event.userId, at: deletedAt.getTime() });
    return true;
  });
}

export function applyOrganizationEvent(
  mirror: Mirror,
  svixId: string,
  event: OrganizationEvent,
): Promise<ApplyOutcome> {
  return applyOnce(mirror, svixId, event.type, async (tx, changes) => {
    if (event.type === 'organization.upserted') {
      const changed = (await upsertOrganization(tx, event.organization)) !== 'unchanged';
      if (changed) changes.org(event.organization.id);
      return changed;
    }
    const deletedAt = await tombstoneOrganization(tx, event.organizationId, event.slug);
    if (!deletedAt) return false;
    changes.org(event.organizationId);
    changes.revoke({ kind: 'organization-deleted', orgId: event.organizationId, at: deletedAt.getTime() });
    return true;
  });
}

export function applyMembershipEvent(mirror: Mirror, svixId: string, event: MembershipEvent): Promise<ApplyOutcome> {
  return applyOnce(mirror, svixId, event.type, async (tx, changes) => {
    const m = event.membership;
    // Locks before any row lock (the embedded organization's), in the order deletions take them.
    await lockMembershipParents(tx, m);
    // The embedded organization first: a membership may arrive before organization.created.
    const orgChanged = m.organization ? (await upsertOrganization(tx, m.organization)) !== 'unchanged' : false;
    let changed: boolean;
    if (event.type === 'membership.deleted') {
      const endedAt = await tombstoneMembership(tx, m);
      changed = endedAt !== null;
      // When the removal reached us: any token issued before it is judged by it.
      if (endedAt)
        changes.revoke({
          kind: 'membership-changed',
          orgId: m.orgId,
          userId: m.userId,
          role: null,
          at: endedAt.getTime(),
        });
    } else {
      changed = (await upsertMembership(tx, m)) !== 'unchanged';
      if (changed)
        changes.revoke({ kind: 'membership-changed', orgId: m.orgId, userId: m.userId, role: m.role, at: m.updatedAt });
    }
    if (orgChanged || changed) changes.org(m.orgId);
    return orgChanged || changed;
  });
}

/** A session that ended in Clerk: recorded once; its tokens are refused from then on. */
export function applySessionEvent(mirror: Mirror, svixId: string, event: SessionEndedEvent): Promise<ApplyOutcome> {
  return applyOnce(mirror, svixId, event.type, async (tx, changes) => {
    const endedAt = await recordEndedSession(tx, event);
    if (!endedAt) return false;
    changes.revoke({ kind: 'session-ended', sessionId: event.sessionId, at: endedAt.getTime() });
    return true;
  });
}

/** A type the mirror does not keep: acknowledged, and claimed so its redeliveries are recognised. */
export async function applyIgnoredEvent(mirror: Mirror, svixId: string, eventType: string): Promise<ApplyOutcome> {
  const outcome = await applyOnce(mirror, svixId, eventType, () => Promise.resolve(false));
  return { ...outcome, status: outcome.status === 'duplicate' ? 'duplicate' : 'ignored' };
}
