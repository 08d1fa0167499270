import type { RevocationFact } from '@stack/contracts';

/**
 * What the mirror stores, independent of how it arrived (a webhook's JSON, a Backend API object,
 * a profile). Timestamps are epoch milliseconds, as Clerk sends them; `updatedAt` is Clerk's and
 * orders the versions of one entity.
 */
export interface MirrorUser {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  imageUrl: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface MirrorOrganization {
  id: string;
  name: string;
  slug: string | null;
  imageUrl: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface MirrorMembership {
  /** Clerk's membership id (`orgmem_…`): re-adding a user to an organization makes a new one. */
  id: string;
  orgId: string;
  userId: string;
  role: string;
  createdAt: number;
  updatedAt: number;
  /** The organization as the event embeds it: stored too, so a membership never waits for its org. */
  organization?: MirrorOrganization;
}

/** Clerk's `session.ended`, `.removed` and `.revoked`: the session's tokens stop working. */
export interface SessionEndedEvent {
  type: 'session.ended';
  sessionId: string;
  userId: string;
  /** Clerk's status: `ended`, `removed` or `revoked`. */
  status: string;
}

export type UserEvent = { type: 'user.upserted'; user: MirrorUser } | { type: 'user.deleted'; userId: string };

export type OrganizationEvent =
  | { type: 'organization.upserted'; organization: MirrorOrganization }
  | { type: 'organization.deleted'; organizationId: string; slug: string | null };

/** A removed membership carries its full last state (Clerk sends the membership, not a stub). */
export type MembershipEvent =
  | { type: 'membership.upserted'; membership: MirrorMembership }
  | { type: 'membership.deleted'; membership: MirrorMembership };

/**
 * What a mirror write changed, for cache invalidation: `users` whose row (profile, tombstone)
 * changed, `orgs` whose row, memberships or notes changed; and for access checks, the
 * `revocations` it stored (deletions, ended sessions, membership changes).
 */
export interface MirrorChange {
  users: string[];
  orgs: string[];
  revocations: RevocationFact[];
}

/** `applied`: something changed; `stale`: older than (or equal to) what is stored, or after a delete; `duplicate`: this message id was applied before; `ignored`: a type the mirror does not keep. */
export type ApplyStatus = 'applied' | 'stale' | 'duplicate' | 'ignored';

export interface ApplyOutcome {
  status: ApplyStatus;
  change: MirrorChange;
}
