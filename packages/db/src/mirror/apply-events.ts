import type { Tx } from '../database.js';
import { claimDelivery } from './claim-delivery.js';
import { lockMembershipParents, tombstoneMembership, upsertMembership } from './membership-writes.js';
import type { ChangeSet, Mirror } from './mirror.js';
import type { ApplyOutcome, MembershipEvent, OrganizationEvent, UserEvent } from './mirror-records.js';
import { tombstoneOrganization, upsertOrganization } from './organization-writes.js';
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
    const userId = event.type === 'user.deleted' ? event.userId : event.user.id;
    const changed =
      event.type === 'user.deleted'
        ? await tombstoneUser(tx, userId)
        : (await upsertUser(tx, event.user)) !== 'unchanged';
    if (changed) changes.user(userId);
    return changed;
  });
}

export function applyOrganizationEvent(
  mirror: Mirror,
  svixId: string,
  event: OrganizationEvent,
): Promise<ApplyOutcome> {
  return applyOnce(mirror, svixId, event.type, async (tx, changes) => {
    const orgId = event.type === 'organization.deleted' ? event.organizationId : event.organization.id;
    const changed =
      event.type === 'organization.deleted'
        ? await tombstoneOrganization(tx, orgId, event.slug)
        : (await upsertOrganization(tx, event.organization)) !== 'unchanged';
    if (changed) changes.org(orgId);
    return changed;
  });
}

export function applyMembershipEvent(mirror: Mirror, svixId: string, event: MembershipEvent): Promise<ApplyOutcome> {
  return applyOnce(mirror, svixId, event.type, async (tx, changes) => {
    const m = event.membership;
    // Locks before any row lock (the embedded organization's), in the order deletions take them.
    await lockMembershipParents(tx, m);
    // The embedded organization first: a membership may arrive before organization.created.
    const orgChanged = m.organization ? (await upsertOrganization(tx, m.organization)) !== 'unchanged' : false;
    const changed =
      event.type === 'membership.deleted'
        ? await tombstoneMembership(tx, m)
        : (await upsertMembership(tx, m)) !== 'unchanged';
    if (orgChanged || changed) changes.org(m.orgId);
    return orgChanged || changed;
  });
}

/** A type the mirror does not keep: acknowledged, and claimed so its redeliveries are recognised. */
export async function applyIgnoredEvent(mirror: Mirror, svixId: string, eventType: string): Promise<ApplyOutcome> {
  const outcome = await applyOnce(mirror, svixId, eventType, () => Promise.resolve(false));
  return { ...outcome, status: outcome.status === 'duplicate' ? 'duplicate' : 'ignored' };
}
