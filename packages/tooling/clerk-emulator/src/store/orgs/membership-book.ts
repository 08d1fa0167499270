import { newId } from '../../util/ids.js';
import type { JsonObject } from '../../util/json.js';
import type { ChangeFeed } from '../change-feed.js';
import { freeze, later } from './organization-rules.js';
import {
  type EmulatedMembership,
  type EmulatedOrganization,
  type OrganizationChange,
  OrganizationStoreError,
} from './organization-types.js';
import { prefixRole, type RoleRegistry } from './role-registry.js';

/**
 * Memberships of every organization (several per user), each change reported on the store's
 * feed. The OrganizationStore looks the organization up before it asks.
 */
export class MembershipBook {
  readonly #memberships = new Map<string, EmulatedMembership>();
  readonly #roles: RoleRegistry;
  readonly #changes: ChangeFeed<OrganizationChange>;

  constructor(roles: RoleRegistry, changes: ChangeFeed<OrganizationChange>) {
    this.#roles = roles;
    this.#changes = changes;
  }

  add(org: EmulatedOrganization, userId: string, role: string): EmulatedMembership {
    const key = this.#roles.require(role).key;
    if (this.find(org.id, userId))
      throw new OrganizationStoreError('already_member', `${userId} is already a member of ${org.id}`, 'user_id');
    if (org.maxAllowedMemberships > 0 && this.list({ organizationId: org.id }).length >= org.maxAllowedMemberships)
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
    this.#changes.emit({ entity: 'membership', action: 'created', membership });
    return membership;
  }

  find(orgId: string, userId: string): EmulatedMembership | undefined {
    for (const m of this.#memberships.values()) if (m.organizationId === orgId && m.userId === userId) return m;
    return undefined;
  }

  require(orgId: string, userId: string): EmulatedMembership {
    const m = this.find(orgId, userId);
    if (!m)
      throw new OrganizationStoreError('not_found', `${userId} is not a member of ${orgId}`, 'user_id', 'membership');
    return m;
  }

  /** Oldest first (the order the user joined, or members were added). */
  list(filter: { organizationId?: string; userId?: string; roles?: readonly string[] } = {}): EmulatedMembership[] {
    const roles = filter.roles?.map(prefixRole);
    return [...this.#memberships.values()].filter(
      (m) =>
        (filter.organizationId === undefined || m.organizationId === filter.organizationId) &&
        (filter.userId === undefined || m.userId === filter.userId) &&
        (!roles || roles.length === 0 || roles.includes(m.role)),
    );
  }

  update(
    orgId: string,
    userId: string,
    change: { role?: string; publicMetadata?: JsonObject; privateMetadata?: JsonObject },
  ): EmulatedMembership {
    const current = this.require(orgId, userId);
    const role = change.role === undefined ? current.role : this.#roles.require(change.role).key;
    const next = freeze({
      ...current,
      role,
      publicMetadata: change.publicMetadata ?? current.publicMetadata,
      privateMetadata: change.privateMetadata ?? current.privateMetadata,
      updatedAt: later(current.updatedAt),
    });
    this.#memberships.set(current.id, next);
    this.#changes.emit({ entity: 'membership', action: 'updated', membership: next });
    return next;
  }

  /** Removes the memberships matching `which`, each reported (its organization and member still exist). */
  removeWhere(which: (m: EmulatedMembership) => boolean): EmulatedMembership[] {
    return [...this.#memberships.values()].filter(which).map((m) => this.#drop(m));
  }

  snapshot(): EmulatedMembership[] {
    return [...this.#memberships.values()];
  }

  restore(memberships: readonly EmulatedMembership[]): void {
    this.#memberships.clear();
    for (const m of memberships) this.#memberships.set(m.id, freeze(m));
  }

  /** The removal is a change too: its `updated_at` moves on, so it orders after the last update. */
  #drop(current: EmulatedMembership): EmulatedMembership {
    this.#memberships.delete(current.id);
    const removed = freeze({ ...current, updatedAt: later(current.updatedAt) });
    this.#changes.emit({ entity: 'membership', action: 'deleted', membership: removed });
    return removed;
  }
}
