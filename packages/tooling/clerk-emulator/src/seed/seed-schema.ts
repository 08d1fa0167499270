import { z } from 'zod';

import { exceedsDepth, MAX_JSON_DEPTH } from '../util/json.js';

// Shared field rules: the seed file, UserStore.create and the PATCH route agree on them.
export const NAME_MAX_LENGTH = 256;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 72;

export const userIdSchema = z.string().regex(/^user_[A-Za-z0-9_-]{1,64}$/, 'must look like user_<letters/digits>');
export const nameSchema = z.string().max(NAME_MAX_LENGTH);
export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);
export const metadataSchema = z
  .record(z.string(), z.unknown())
  .refine(
    (value) => !exceedsDepth(value, MAX_JSON_DEPTH - 1),
    `must not nest deeper than ${MAX_JSON_DEPTH - 1} levels`,
  );

/** `org:<feature>:<permission>`; feature and permission may not hold ',' or ':' (they are joined into claims). */
const orgPermissionSchema = z
  .string()
  .regex(/^org:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/, 'must look like org:<feature>:<permission>');
const customPermissionSchema = orgPermissionSchema.refine(
  (p) => !p.startsWith('org:sys_'),
  'system permissions (org:sys_*) belong in systemPermissions',
);
const systemPermissionSchema = z.string().regex(/^org:sys_[a-z_]+:[a-z_]+$/, 'must look like org:sys_<area>:<action>');
const orgIdSchema = z.string().regex(/^org_[A-Za-z0-9_-]{1,64}$/, 'must look like org_<letters/digits>');
const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes');
// 'admin' or 'org:admin'; stored with the prefix, the token carries it without.
const roleKeySchema = z.string().regex(/^(org:)?[A-Za-z0-9_-]{1,64}$/, 'must be a role key such as org:admin');

export const seedRoleSchema = z.strictObject({
  key: roleKeySchema,
  name: nameSchema.min(1),
  description: z.string().max(1024).optional(),
  permissions: z.array(customPermissionSchema).max(100).optional(),
  systemPermissions: z.array(systemPermissionSchema).max(100).optional(),
});

export const seedOrganizationSchema = z.strictObject({
  id: orgIdSchema,
  name: nameSchema.min(1),
  slug: slugSchema,
  imageUrl: z.url({ protocol: /^https$/ }).optional(),
  maxAllowedMemberships: z.number().int().nonnegative().optional(),
  adminDeleteEnabled: z.boolean().optional(),
  publicMetadata: metadataSchema.optional(),
  /** A seeded user id; that user is not made a member by this (list the membership on the user). */
  createdBy: userIdSchema.optional(),
});

const seedMembershipSchema = z.strictObject({
  /** Organization id or slug, of `organizations`. */
  organization: z.string().min(1).max(128),
  role: roleKeySchema,
});

/**
 * The shape before organizations were modelled: one membership with per-user permissions. Still
 * accepted: it creates the organization (named by its slug) and the role if they are missing.
 */
const legacySeedOrganizationSchema = z.strictObject({
  id: orgIdSchema,
  slug: slugSchema,
  role: roleKeySchema,
  permissions: z.array(orgPermissionSchema).max(100).optional(),
});

export const seedUserSchema = z.strictObject({
  id: userIdSchema.optional(),
  email: z.email().max(320),
  password: passwordSchema,
  firstName: nameSchema.optional(),
  lastName: nameSchema.optional(),
  imageUrl: z.url({ protocol: /^https$/ }).optional(),
  publicMetadata: metadataSchema.optional(),
  memberships: z.array(seedMembershipSchema).max(100).optional(),
  organization: legacySeedOrganizationSchema.optional(),
});

export const emulatorSeedSchema = z
  .strictObject({
    roles: z.array(seedRoleSchema).max(100).optional(),
    organizations: z.array(seedOrganizationSchema).max(1000).optional(),
    users: z.array(seedUserSchema),
  })
  .superRefine((seed, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const roleKeys = new Set<string>();
    seed.roles?.forEach((role, index) => {
      const key = role.key.startsWith('org:') ? role.key : `org:${role.key}`;
      if (roleKeys.has(key)) issue(['roles', index, 'key'], `duplicate role ${key}`);
      roleKeys.add(key);
    });
    const orgRefs = new Map<string, string>();
    seed.organizations?.forEach((org, index) => {
      if (orgRefs.has(org.id)) issue(['organizations', index, 'id'], `duplicate organization id ${org.id}`);
      if ([...orgRefs.values()].includes(org.slug))
        issue(['organizations', index, 'slug'], `duplicate slug ${org.slug}`);
      orgRefs.set(org.id, org.slug);
    });
    const ids = new Set<string>();
    const emails = new Set<string>();
    const legacySlugs = new Map<string, string>();
    seed.users.forEach((user, index) => {
      if (user.id !== undefined) {
        if (ids.has(user.id)) issue(['users', index, 'id'], `duplicate user id ${user.id}`);
        ids.add(user.id);
      }
      const email = user.email.toLowerCase();
      if (emails.has(email)) issue(['users', index, 'email'], `duplicate email ${user.email}`);
      emails.add(email);
      user.memberships?.forEach((m, mIndex) => {
        const known = orgRefs.has(m.organization) || [...orgRefs.values()].includes(m.organization);
        if (!known)
          issue(['users', index, 'memberships', mIndex, 'organization'], `unknown organization ${m.organization}`);
        const key = m.role.startsWith('org:') ? m.role : `org:${m.role}`;
        // Without declared roles Clerk's defaults apply (org:admin, org:member).
        const roles = seed.roles ? roleKeys : new Set(['org:admin', 'org:member']);
        if (!roles.has(key)) issue(['users', index, 'memberships', mIndex, 'role'], `unknown role ${key}`);
      });
      const org = user.organization;
      if (org) {
        const slug = legacySlugs.get(org.id);
        if (slug !== undefined && slug !== org.slug)
          issue(['users', index, 'organization', 'slug'], `organization ${org.id} already has slug ${slug}`);
        legacySlugs.set(org.id, org.slug);
      }
    });
  });

export type SeedRole = z.infer<typeof seedRoleSchema>;
export type SeedOrganization = z.infer<typeof seedOrganizationSchema>;
export type SeedUser = z.infer<typeof seedUserSchema>;
/** A seed after validation. */
export type ParsedSeed = z.infer<typeof emulatorSeedSchema>;

/**
 * A seed as code writes it. The type parameters let an app bind roles and permissions to its own
 * declaration (`EmulatorSeed<AppRole, AppPermission, SystemPermission>`), so a seed naming a role
 * or permission that does not exist fails to compile; the runtime schema checks the rest.
 */
export interface EmulatorSeed<
  Role extends string = string,
  Permission extends string = string,
  SystemPermission extends string = string,
> {
  readonly roles?: ReadonlyArray<{
    readonly key: Role;
    readonly name: string;
    readonly description?: string;
    readonly permissions?: readonly Permission[];
    readonly systemPermissions?: readonly SystemPermission[];
  }>;
  readonly organizations?: ReadonlyArray<
    Readonly<Omit<SeedOrganization, 'publicMetadata'>> & { readonly publicMetadata?: Readonly<Record<string, unknown>> }
  >;
  readonly users: ReadonlyArray<
    Readonly<Omit<SeedUser, 'memberships' | 'organization' | 'publicMetadata'>> & {
      readonly publicMetadata?: Readonly<Record<string, unknown>>;
      readonly memberships?: ReadonlyArray<{ readonly organization: string; readonly role: Role }>;
      /** @deprecated one membership with per-user permissions; use `roles` + `memberships`. */
      readonly organization?: Readonly<z.infer<typeof legacySeedOrganizationSchema>>;
    }
  >;
}
