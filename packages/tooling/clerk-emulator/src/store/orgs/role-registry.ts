import { jsonClone } from '../../util/json.js';
import { type EmulatedRole, OrganizationStoreError, type RoleInput } from './organization-types.js';
import { SYSTEM_PERMISSIONS } from './system-permissions.js';

/** A new Clerk instance's roles, used when the seed declares none. */
export const DEFAULT_ROLES: readonly RoleInput[] = [
  {
    key: 'org:admin',
    name: 'Admin',
    description: 'Role with elevated permissions',
    // Every system permission (billing is not emulated).
    systemPermissions: SYSTEM_PERMISSIONS,
  },
  {
    key: 'org:member',
    name: 'Member',
    description: 'Role with non-privileged permissions',
    systemPermissions: ['org:sys_memberships:read'],
  },
];

/** The role every organization creator gets (environment `creator_role`). */
export const CREATOR_ROLE = 'org:admin';
export const DEFAULT_MEMBER_ROLE = 'org:member';

/** `admin` → `org:admin`; a role key is always stored with the prefix. */
export const prefixRole = (role: string): string => (role.startsWith('org:') ? role : `org:${role}`);

/** `billing_manager` → `Billing manager`. */
const nameFor = (key: string) => {
  const bare = key.replace(/^org:/, '').replace(/_/g, ' ');
  return bare.charAt(0).toUpperCase() + bare.slice(1);
};

/** The instance's roles, in declaration order. */
export class RoleRegistry {
  readonly #roles = new Map<string, EmulatedRole>();

  /** Adds a role, or merges permissions into an existing one (the legacy per-user seed shape). */
  upsert(input: RoleInput): EmulatedRole {
    const key = prefixRole(input.key);
    const existing = this.#roles.get(key);
    const now = Date.now();
    const role: EmulatedRole = Object.freeze({
      key,
      name: input.name ?? existing?.name ?? nameFor(key),
      description: input.description ?? existing?.description ?? '',
      permissions: [...new Set([...(existing?.permissions ?? []), ...(input.permissions ?? [])])],
      systemPermissions: [...new Set([...(existing?.systemPermissions ?? []), ...(input.systemPermissions ?? [])])],
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    });
    this.#roles.set(key, role);
    return role;
  }

  get(key: string): EmulatedRole | undefined {
    return this.#roles.get(prefixRole(key));
  }

  require(key: string, param = 'role'): EmulatedRole {
    const role = this.get(key);
    if (!role) throw new OrganizationStoreError('invalid', `${key} is not a role of this instance`, param);
    return role;
  }

  list(): EmulatedRole[] {
    return [...this.#roles.values()];
  }

  get size(): number {
    return this.#roles.size;
  }

  snapshot(): EmulatedRole[] {
    return jsonClone(this.list());
  }

  restore(roles: readonly EmulatedRole[]): void {
    this.#roles.clear();
    for (const role of roles) this.#roles.set(role.key, Object.freeze(jsonClone(role)));
  }
}
