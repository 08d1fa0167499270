import { newId } from '../../util/ids.js';
import { jsonClone, type JsonObject } from '../../util/json.js';
import { type ChangeAction, ChangeFeed } from '../change-feed.js';
import {
  type CreateOrganizationInput,
  type EmulatedInvitation,
  type EmulatedMembership,
  type EmulatedOrganization,
  type InvitationStatus,
  type OrganizationPatch,
  OrganizationStoreError,
} from './organization-types.js';
import { CREATOR_ROLE, prefixRole, RoleRegistry } from './role-registry.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ORG_ID = /^org_[A-Za-z0-9_-]{1,64}$/;
const NAME_MAX = 256;
export const DEFAULT_MAX_ALLOWED_MEMBERSHIPS = 100;
// Clerk invitations expire after 30 days.
const INVITATION_LIFETIME_MS = 30 * 24 * 3600 * 1000;

/** `Acme Inc.` → `acme-inc` */
export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'organization'
  );
}

const later = (previous: number) => Math.max(Date.now(), previous + 1);
const freeze = <T>(value: T): T => Object.freeze(jsonClone(value));

export type OrganizationChange =
  | { readonly entity: 'organization'; readonly action: ChangeAction; readonly organization: EmulatedOrganization }
  | { readonly entity: 'membership'; readonly action: ChangeAction; readonly membership: EmulatedMembership };

export interface StoredOrganizations {
  roles: ReturnType<RoleRegistry['snapshot']>;
  organizations: EmulatedOrganization[];
  memberships: EmulatedMembership[];
  invitations: EmulatedInvitation[];
}

/**
 * Organizations, memberships (several per user), invitations and the instance's roles. Every
 * method validates before it writes, so a failed call changes nothing; records handed out are
 * frozen copies. Users live in the UserStore: callers check that a user exists.
 */
export class OrganizationStore {
  readonly roles = new RoleRegistry();
  readonly #orgs = new Map<string, EmulatedOrganization>();
  readonly #memberships = new Map<string, EmulatedMembership>();
  readonly #invitations = new Map<string, EmulatedInvitation>();
  /**
   * Every organization and membership change after it happened (not restore). A deletion that
   * cascades (an organization, a user) reports each membership first, while its organization
   * and member can still be looked up.
   */
  readonly changes = new ChangeFeed<OrganizationChange>();

  // ---- organizations ----

  /** With `createdBy`, the creator becomes its first member with the creator role (`org:admin`). */
  create(input: CreateOrganizationInput): EmulatedOrganization {
    const name = checkName(input.name);
    const slug = input.slug === undefined ? this.#freeSlug(slugify(name)) : checkSlug(input.slug);
    const id = input.id ?? newId('org');
    if (!ORG_ID.test(id)) throw new OrganizationStoreError('invalid', 'id must look like org_<letters/digits>', 'id');
    if (this.#orgs.has(id)) throw new OrganizationStoreError('exists', `organization ${id} already exists`, 'id');
    this.#assertSlugFree(slug);
    const max = input.maxAllowedMemberships ?? DEFAULT_MAX_ALLOWED_MEMBERSHIPS;
    if (!Number.isInteger(max) || max < 0)
      throw new OrganizationStoreError(
        'invalid',
        'max_allowed_memberships must be a non-negative integer',
        'max_allowed_memberships',
      );
    if (input.createdBy) this.roles.require(CREATOR_ROLE);
    const now = Date.now();
    const org: EmulatedOrganization = freeze({
      id,
      name,
      slug,
      imageUrl: input.imageUrl ?? null,
      createdBy: input.createdBy ?? null,
      maxAllowedMemberships: max,
      adminDeleteEnabled: input.adminDeleteEnabled ?? true,
      publicMetadata: input.publicMetadata ?? {},
      privateMetadata: input.privateMetadata ?? {},
      createdAt: now,
      updatedAt: now,
    });
    this.#orgs.set(id, org);
    this.changes.emit({ entity: 'organization', action: 'created', organization: org });
    if (input.createdBy) this.addMember(id, input.createdBy, CREATOR_ROLE);
    return org;
  }

  /** By id, or by slug (Clerk's `GET /organizations/:id_or_slug`). */
  get(idOrSlug: string): EmulatedOrganization | undefined {
    const byId = this.#orgs.get(idOrSlug);
    if (byId) return byId;
    for (const org of this.#orgs.values()) if (org.slug === idOrSlug) return org;
    return undefined;
  }

  require(idOrSlug: string): EmulatedOrganization {
    const org = this.get(idOrSlug);
    if (!org) throw new OrganizationStoreError('not_found', `no organization ${idOrSlug}`, undefined, 'organization');
    return org;
  }

  /** Newest first, like Clerk; `query` matches id, name or slug (case-insensitive). */
  list(filter: { query?: string; userId?: string } = {}): EmulatedOrganization[] {
    const q = filter.query?.toLowerCase();
    const memberOf =
      filter.userId === undefined
        ? undefined
        : new Set(this.listMemberships({ userId: filter.userId }).map((m) => m.organizationId));
    return [...this.#orgs.values()]
      .filter((o) => !q || [o.id, o.name, o.slug].some((v) => v.toLowerCase().includes(q)))
      .filter((o) => !memberOf || memberOf.has(o.id))
      .reverse();
  }

  update(id: string, patch: OrganizationPatch): EmulatedOrganization {
    const org = this.require(id);
    const next: { -readonly [K in keyof EmulatedOrganization]: EmulatedOrganization[K] } = { ...org };
    if (patch.name !== undefined) next.name = checkName(patch.name);
    if (patch.slug !== undefined) {
      next.slug = checkSlug(patch.slug);
      this.#assertSlugFree(next.slug, org.id);
    }
    if (patch.imageUrl !== undefined) next.imageUrl = patch.imageUrl;
    if (patch.maxAllowedMemberships !== undefined) {
      if (!Number.isInteger(patch.maxAllowedMemberships) || patch.maxAllowedMemberships < 0)
        throw new OrganizationStoreError(
          'invalid',
          'max_allowed_memberships must be a non-negative integer',
          'max_allowed_memberships',
        );
      next.maxAllowedMemberships = patch.maxAllowedMemberships;
    }
    if (patch.adminDeleteEnabled !== undefined) next.adminDeleteEnabled = patch.adminDeleteEnabled;
    if (patch.publicMetadata !== undefined) next.publicMetadata = patch.publicMetadata;
    if (patch.privateMetadata !== undefined) next.privateMetadata = patch.privateMetadata;
    next.updatedAt = later(org.updatedAt);
    const frozen = freeze(next);
    this.#orgs.set(org.id, frozen);
    this.changes.emit({ entity: 'organization', action: 'updated', organization: frozen });
    return frozen;
  }

  /** Applies a metadata change computed by the caller (Clerk's merge semantics live in the route). */
  updateMetadata(
    id: string,
    change: (current: { publicMetadata: JsonObject; privateMetadata: JsonObject }) => {
      publicMetadata: JsonObject;
      privateMetadata: JsonObject;
    },
  ): EmulatedOrganization {
    const org = this.require(id);
    return this.update(
      org.id,
      change(jsonClone({ publicMetadata: org.publicMetadata, privateMetadata: org.privateMetadata })),
    );
  }

  /** Records who created the organization (the seed names creators after its users exist). */
  setCreator(id: string, userId: string): EmulatedOrganization {
    const org = this.require(id);
    const next = freeze({ ...org, createdBy: userId, updatedAt: later(org.updatedAt) });
    this.#orgs.set(org.id, next);
    this.changes.emit({ entity: 'organization', action: 'updated', organization: next });
    return next;
  }

  /** Removes the organization with its memberships and invitations. */
  delete(id: string): EmulatedOrganization {
    const org = this.require(id);
    for (const m of [...this.#memberships.values()]) if (m.organizationId === org.id) this.#dropMembership(m);
    for (const i of [...this.#invitations.values()]) if (i.organizationId === org.id) this.#invitations.delete(i.id);
    this.#orgs.delete(org.id);
    this.changes.emit({ entity: 'organization', action: 'deleted', organization: org });
    return org;
  }

  membersCount(orgId: string): number {
    return this.listMemberships({ organizationId: orgId }).length;
  }

  pendingInvitationsCount(orgId: string): number {
    return this.listInvitations({ organizationId: orgId, status: ['pending'] }).length;
  }

  // ---- memberships ----

  addMember(orgIdOrSlug: string, userId: string, role: string): EmulatedMembership {
    const org = this.require(orgIdOrSlug);
    const key = this.roles.require(role).key;
    if (this.getMembership(org.id, userId))
      throw new OrganizationStoreError('already_member', `${userId} is already a member of ${org.id}`, 'user_id');
    if (org.maxAllowedMemberships > 0 && this.membersCount(org.id) >= org.maxAllowedMemberships)
      throw new OrganizationStoreError('quota_exceeded', `${org.id} has reached its membership limit`, 'user_id');
    const now = Date.now();
    const membership: EmulatedMembership = freeze({
      id: newId('orgmem'),
      organizationId: org.id,
      userId,
      role: key,
      publicMetadata: {},
      privateMetadata: {},
      createdAt: now,
      updatedAt: now,
    });
    this.#memberships.set(membership.id, membership);
    this.changes.emit({ entity: 'membership', action: 'created', membership });
    return membership;
  }

  getMembership(orgId: string, userId: string): EmulatedMembership | undefined {
    for (const m of this.#memberships.values()) if (m.organizationId === orgId && m.userId === userId) return m;
    return undefined;
  }

  requireMembership(orgId: string, userId: string): EmulatedMembership {
    const m = this.getMembership(orgId, userId);
    if (!m)
      throw new OrganizationStoreError('not_found', `${userId} is not a member of ${orgId}`, 'user_id', 'membership');
    return m;
  }

  /** Oldest first (the order the user joined, or members were added). */
  listMemberships(
    filter: { organizationId?: string; userId?: string; roles?: readonly string[] } = {},
  ): EmulatedMembership[] {
    const roles = filter.roles?.map(prefixRole);
    return [...this.#memberships.values()].filter(
      (m) =>
        (filter.organizationId === undefined || m.organizationId === filter.organizationId) &&
        (filter.userId === undefined || m.userId === filter.userId) &&
        (!roles || roles.length === 0 || roles.includes(m.role)),
    );
  }

  updateMembership(
    orgId: string,
    userId: string,
    change: { role?: string; publicMetadata?: JsonObject; privateMetadata?: JsonObject },
  ): EmulatedMembership {
    const current = this.requireMembership(orgId, userId);
    const role = change.role === undefined ? current.role : this.roles.require(change.role).key;
    const next = freeze({
      ...current,
      role,
      publicMetadata: change.publicMetadata ?? current.publicMetadata,
      privateMetadata: change.privateMetadata ?? current.privateMetadata,
      updatedAt: later(current.updatedAt),
    });
    this.#memberships.set(current.id, next);
    this.changes.emit({ entity: 'membership', action: 'updated', membership: next });
    return next;
  }

  removeMember(orgId: string, userId: string): EmulatedMembership {
    return this.#dropMembership(this.requireMembership(orgId, userId));
  }

  /** A deleted user leaves every organization (call it before deleting the user). */
  removeUser(userId: string): void {
    for (const m of [...this.#memberships.values()]) if (m.userId === userId) this.#dropMembership(m);
  }

  // ---- invitations ----

  invite(
    orgId: string,
    input: {
      emailAddress: string;
      role: string;
      inviterUserId?: string | null;
      publicMetadata?: JsonObject;
      privateMetadata?: JsonObject;
    },
  ): EmulatedInvitation {
    const [invitation] = this.inviteMany(orgId, [input.emailAddress], input);
    return invitation!;
  }

  /** One invitation per address, all validated before any is created (Clerk's bulk invite). */
  inviteMany(
    orgId: string,
    emailAddresses: readonly string[],
    input: { role: string; inviterUserId?: string | null; publicMetadata?: JsonObject; privateMetadata?: JsonObject },
  ): EmulatedInvitation[] {
    const org = this.require(orgId);
    const role = this.roles.require(input.role).key;
    const pending = new Set(
      this.listInvitations({ organizationId: org.id, status: ['pending'] }).map((i) => i.emailAddress.toLowerCase()),
    );
    const emails = emailAddresses.map((raw) => raw.trim());
    const seen = new Set<string>();
    for (const email of emails) {
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320)
        throw new OrganizationStoreError('invalid', `${email} is not a valid email address`, 'email_address');
      const key = email.toLowerCase();
      if (pending.has(key) || seen.has(key))
        throw new OrganizationStoreError('exists', `${email} already has a pending invitation`, 'email_address');
      seen.add(key);
    }
    const now = Date.now();
    return emails.map((email) => {
      const invitation: EmulatedInvitation = freeze({
        id: newId('orginv'),
        organizationId: org.id,
        emailAddress: email,
        role,
        status: 'pending' as const,
        inviterUserId: input.inviterUserId ?? null,
        userId: null,
        publicMetadata: input.publicMetadata ?? {},
        privateMetadata: input.privateMetadata ?? {},
        expiresAt: now + INVITATION_LIFETIME_MS,
        createdAt: now,
        updatedAt: now,
      });
      this.#invitations.set(invitation.id, invitation);
      return invitation;
    });
  }

  getInvitation(id: string): EmulatedInvitation | undefined {
    return this.#invitations.get(id);
  }

  /** Newest first. `emailAddress` is matched case-insensitively. */
  listInvitations(
    filter: { organizationId?: string; emailAddress?: string; status?: readonly InvitationStatus[] } = {},
  ): EmulatedInvitation[] {
    const email = filter.emailAddress?.toLowerCase();
    return [...this.#invitations.values()]
      .filter(
        (i) =>
          (filter.organizationId === undefined || i.organizationId === filter.organizationId) &&
          (email === undefined || i.emailAddress.toLowerCase() === email) &&
          (!filter.status || filter.status.length === 0 || filter.status.includes(i.status)),
      )
      .reverse();
  }

  revokeInvitation(orgId: string, invitationId: string): EmulatedInvitation {
    const invitation = this.#pendingInvitation(orgId, invitationId);
    return this.#setInvitation(invitation, { status: 'revoked' });
  }

  /** The invited user joins with the invitation's role; the invitation becomes `accepted`. */
  acceptInvitation(
    invitationId: string,
    userId: string,
  ): { invitation: EmulatedInvitation; membership: EmulatedMembership } {
    const found = this.#invitations.get(invitationId);
    const invitation = this.#pendingInvitation(found?.organizationId ?? '', invitationId);
    const membership = this.addMember(invitation.organizationId, userId, invitation.role);
    return { invitation: this.#setInvitation(invitation, { status: 'accepted', userId }), membership };
  }

  // ---- persistence ----

  snapshot(): StoredOrganizations {
    return jsonClone({
      roles: this.roles.snapshot(),
      organizations: [...this.#orgs.values()],
      memberships: [...this.#memberships.values()],
      invitations: [...this.#invitations.values()],
    });
  }

  restore(data: StoredOrganizations): void {
    this.roles.restore(data.roles);
    this.#orgs.clear();
    this.#memberships.clear();
    this.#invitations.clear();
    for (const o of data.organizations) this.#orgs.set(o.id, freeze(o));
    for (const m of data.memberships) this.#memberships.set(m.id, freeze(m));
    for (const i of data.invitations) this.#invitations.set(i.id, freeze(i));
  }

  /** The removal is a change too: its `updated_at` moves on, so it orders after the last update. */
  #dropMembership(current: EmulatedMembership): EmulatedMembership {
    this.#memberships.delete(current.id);
    const removed = freeze({ ...current, updatedAt: later(current.updatedAt) });
    this.changes.emit({ entity: 'membership', action: 'deleted', membership: removed });
    return removed;
  }

  #pendingInvitation(orgId: string, invitationId: string): EmulatedInvitation {
    const invitation = this.#invitations.get(invitationId);
    if (!invitation || invitation.organizationId !== orgId)
      throw new OrganizationStoreError('not_found', `no invitation ${invitationId}`, undefined, 'invitation');
    if (invitation.status !== 'pending' || invitation.expiresAt <= Date.now())
      throw new OrganizationStoreError(
        'invalid',
        `invitation ${invitationId} is ${invitation.status}`,
        'invitation_id',
      );
    return invitation;
  }

  #setInvitation(invitation: EmulatedInvitation, change: Partial<EmulatedInvitation>): EmulatedInvitation {
    const next = freeze({ ...invitation, ...change, updatedAt: later(invitation.updatedAt) });
    this.#invitations.set(invitation.id, next);
    return next;
  }

  #assertSlugFree(slug: string, selfId?: string): void {
    for (const org of this.#orgs.values())
      if (org.slug === slug && org.id !== selfId)
        throw new OrganizationStoreError('exists', `slug ${slug} is taken`, 'slug');
  }

  #freeSlug(base: string): string {
    const taken = new Set([...this.#orgs.values()].map((o) => o.slug));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > NAME_MAX || /\p{Cc}/u.test(name))
    throw new OrganizationStoreError('invalid', `name must be 1-${NAME_MAX} characters`, 'name');
  return name.trim();
}

function checkSlug(slug: unknown): string {
  if (typeof slug !== 'string' || !SLUG.test(slug))
    throw new OrganizationStoreError('invalid', 'slug must be lowercase letters, digits and dashes', 'slug');
  return slug;
}
