import type { OrganizationStore } from '../store/orgs/organization-store.js';
import { DEFAULT_ROLES, prefixRole } from '../store/orgs/role-registry.js';
import type { UserStore } from '../store/user-store.js';
import { loadSeedFile, parseSeed } from './load-seed.js';
import type { EmulatorSeed, ParsedSeed } from './seed-schema.js';

/**
 * Validates the seed (object or file path) and creates what is missing: roles (the seed's, else
 * Clerk's defaults), organizations, users, and the memberships of users or organizations created
 * now. Records already in the store (same id, email or slug) are kept as they are, so a
 * persisted store keeps its changes across restarts.
 */
export async function applySeed(
  users: UserStore,
  orgs: OrganizationStore,
  seed: EmulatorSeed | string | undefined,
): Promise<void> {
  const data: ParsedSeed =
    seed === undefined ? { users: [] } : typeof seed === 'string' ? await loadSeedFile(seed) : parseSeed(seed);
  for (const role of data.roles ?? (orgs.roles.size === 0 ? DEFAULT_ROLES : []))
    if (!orgs.roles.get(role.key)) orgs.roles.upsert(role);
  const createdOrgs = new Set<string>();
  for (const org of data.organizations ?? []) {
    if (orgs.get(org.id) || orgs.get(org.slug)) continue;
    orgs.create({
      id: org.id,
      name: org.name,
      slug: org.slug,
      ...(org.imageUrl === undefined ? {} : { imageUrl: org.imageUrl }),
      ...(org.maxAllowedMemberships === undefined ? {} : { maxAllowedMemberships: org.maxAllowedMemberships }),
      ...(org.adminDeleteEnabled === undefined ? {} : { adminDeleteEnabled: org.adminDeleteEnabled }),
      ...(org.publicMetadata === undefined ? {} : { publicMetadata: org.publicMetadata }),
    });
    createdOrgs.add(org.id);
  }
  // Sequential: keeps created_at order equal to file order (hashing dominates anyway).
  for (const user of data.users) {
    const existing = users.findByEmail(user.email) ?? (user.id === undefined ? undefined : users.get(user.id));
    const created =
      existing ??
      (await users.create({
        ...(user.id === undefined ? {} : { id: user.id }),
        email: user.email,
        password: user.password,
        firstName: user.firstName ?? null,
        lastName: user.lastName ?? null,
        ...(user.imageUrl === undefined ? {} : { imageUrl: user.imageUrl }),
        publicMetadata: user.publicMetadata ?? {},
      }));
    const memberships = [...(user.memberships ?? [])];
    if (user.organization) memberships.push(legacyMembership(orgs, user.organization, createdOrgs));
    for (const m of memberships) {
      const org = orgs.get(m.organization);
      if (!org || (existing && !createdOrgs.has(org.id)) || orgs.getMembership(org.id, created.id)) continue;
      orgs.addMember(org.id, created.id, m.role);
    }
  }
  // Creators are named after the users exist.
  for (const org of data.organizations ?? [])
    if (org.createdBy && createdOrgs.has(org.id) && users.get(org.createdBy)) orgs.setCreator(org.id, org.createdBy);
}

/** The pre-organizations shape: creates the organization and role it names when they are missing. */
function legacyMembership(
  orgs: OrganizationStore,
  legacy: NonNullable<ParsedSeed['users'][number]['organization']>,
  createdOrgs: Set<string>,
): { organization: string; role: string } {
  const role = prefixRole(legacy.role);
  const permissions = legacy.permissions ?? [];
  orgs.roles.upsert({
    key: role,
    permissions: permissions.filter((p) => !p.startsWith('org:sys_')),
    systemPermissions: permissions.filter((p) => p.startsWith('org:sys_')),
  });
  if (!orgs.get(legacy.id)) {
    orgs.create({ id: legacy.id, name: legacy.slug, slug: legacy.slug });
    createdOrgs.add(legacy.id);
  }
  return { organization: legacy.id, role };
}
