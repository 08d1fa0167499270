import { newId } from '../../util/ids.js';
import { jsonClone, type JsonObject } from '../../util/json.js';
import { ChangeFeed } from '../change-feed.js';
import { InvitationBook, type InvitationInput } from './invitation-book.js';
import { MembershipBook } from './membership-book.js';
import {
  checkMaxMemberships,
  checkName,
  checkSlug,
  DEFAULT_MAX_ALLOWED_MEMBERSHIPS,
  freeze,
  later,
  ORG_ID,
  slugify,
} from './organization-rules.js';
import {
  type CreateOrganizationInput,
  type EmulatedInvitation,
  type EmulatedMembership,
  type EmulatedOrganization,
  type OrganizationChange,
  type OrganizationPatch,
  OrganizationStoreError,
} from './organization-types.js';
import { CREATOR_ROLE, RoleRegistry } from './role-registry.js';

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
  /**
   * Every organization and membership change after it happened (not restore). A deletion that
   * cascades (an organization, a user) reports each membership first, while its organization
   * and member can still be looked up.
   */
  readonly changes = new ChangeFeed<OrganizationChange>();
  readonly #memberships = new MembershipBook(this.roles, this.changes);
  readonly #invitations = new InvitationBook();

  // ---- organizations ----

  /** With `createdBy`, the creator becomes its first member with the creator role (`org:admin`). */
  create(input: CreateOrganizationInput): EmulatedOrganization {
    const name = checkName(input.name);
    const slug = input.slug === undefined ? this.#freeSlug(slugify(name)) : checkSlug(input.slug);
    const id = input.id ?? newId('org');
    if (!ORG_ID.test(id)) throw new OrganizationStoreError('invalid', 'id must look like org_<letters/digits>', 'id');
    if (this.#orgs.has(id)) throw new OrganizationStoreError('exists', `organization ${id} already exists`, 'id');
    this.#assertSlugFree(slug);
    const max = checkMaxMemberships(input.maxAllowedMemberships ?? DEFAULT_MAX_ALLOWED_MEMBERSHIPS);
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
    if (patch.maxAllowedMemberships !== undefined)
      next.maxAllowedMemberships = checkMaxMemberships(patch.maxAllowedMemberships);
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
    this.#memberships.removeWhere((m) => m.organizationId === org.id);
    this.#invitations.removeForOrganization(org.id);
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
    return this.#memberships.add(this.require(orgIdOrSlug), userId, role);
  }

  getMembership(orgId: string, userId: string): EmulatedMembership | undefined {
    return this.#memberships.find(orgId, userId);
  }

  requireMembership(orgId: string, userId: string): EmulatedMembership {
    return this.#memberships.require(orgId, userId);
  }

  /** Oldest first (the order the user joined, or members were added). */
  listMemberships(filter: Parameters<MembershipBook['list']>[0] = {}): EmulatedMembership[] {
    return this.#memberships.list(filter);
  }

  updateMembership(orgId: string, userId: string, change: Parameters<MembershipBook['update']>[2]): EmulatedMembership {
    return this.#memberships.update(orgId, userId, change);
  }

  removeMember(orgId: string, userId: string): EmulatedMembership {
    const { id } = this.#memberships.require(orgId, userId);
    return this.#memberships.removeWhere((m) => m.id === id)[0]!;
  }

  /** A deleted user leaves every organization (call it before deleting the user). */
  removeUser(userId: string): void {
    this.#memberships.removeWhere((m) => m.userId === userId);
  }

  // ---- invitations ----

  invite(orgId: string, input: InvitationInput & { emailAddress: string; role: string }): EmulatedInvitation {
    const [invitation] = this.inviteMany(orgId, [input.emailAddress], input);
    return invitation!;
  }

  /** One invitation per address, all validated before any is created (Clerk's bulk invite). */
  inviteMany(
    orgId: string,
    emailAddresses: readonly string[],
    input: InvitationInput & { role: string },
  ): EmulatedInvitation[] {
    const org = this.require(orgId);
    const role = this.roles.require(input.role).key;
    return this.#invitations.create(org.id, role, emailAddresses, input);
  }

  getInvitation(id: string): EmulatedInvitation | undefined {
    return this.#invitations.get(id);
  }

  /** Newest first. `emailAddress` is matched case-insensitively. */
  listInvitations(filter: Parameters<InvitationBook['list']>[0] = {}): EmulatedInvitation[] {
    return this.#invitations.list(filter);
  }

  revokeInvitation(orgId: string, invitationId: string): EmulatedInvitation {
    const invitation = this.#invitations.requirePending(orgId, invitationId);
    return this.#invitations.set(invitation, { status: 'revoked' });
  }

  /** The invited user joins with the invitation's role; the invitation becomes `accepted`. */
  acceptInvitation(
    invitationId: string,
    userId: string,
  ): { invitation: EmulatedInvitation; membership: EmulatedMembership } {
    const found = this.#invitations.get(invitationId);
    const invitation = this.#invitations.requirePending(found?.organizationId ?? '', invitationId);
    const membership = this.addMember(invitation.organizationId, userId, invitation.role);
    return { invitation: this.#invitations.set(invitation, { status: 'accepted', userId }), membership };
  }

  // ---- persistence ----

  snapshot(): StoredOrganizations {
    return jsonClone({
      roles: this.roles.snapshot(),
      organizations: [...this.#orgs.values()],
      memberships: this.#memberships.snapshot(),
      invitations: this.#invitations.snapshot(),
    });
  }

  restore(data: StoredOrganizations): void {
    this.roles.restore(data.roles);
    this.#orgs.clear();
    for (const o of data.organizations) this.#orgs.set(o.id, freeze(o));
    this.#memberships.restore(data.memberships);
    this.#invitations.restore(data.invitations);
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
