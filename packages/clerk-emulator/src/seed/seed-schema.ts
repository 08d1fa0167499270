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

export const seedOrganizationSchema = z.strictObject({
  id: z.string().regex(/^org_[A-Za-z0-9_-]{1,64}$/, 'must look like org_<letters/digits>'),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and dashes'),
  // 'admin' or 'org:admin'; the token carries it without the prefix.
  role: z.string().regex(/^(org:)?[A-Za-z0-9_-]{1,64}$/, 'must be a role key such as admin'),
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
  organization: seedOrganizationSchema.optional(),
});

export const emulatorSeedSchema = z.strictObject({ users: z.array(seedUserSchema) }).superRefine((seed, ctx) => {
  const ids = new Set<string>();
  const emails = new Set<string>();
  const orgSlugs = new Map<string, string>();
  seed.users.forEach((user, index) => {
    if (user.id !== undefined) {
      if (ids.has(user.id))
        ctx.addIssue({ code: 'custom', path: ['users', index, 'id'], message: `duplicate user id ${user.id}` });
      ids.add(user.id);
    }
    const email = user.email.toLowerCase();
    if (emails.has(email))
      ctx.addIssue({ code: 'custom', path: ['users', index, 'email'], message: `duplicate email ${user.email}` });
    emails.add(email);
    const org = user.organization;
    if (org) {
      const slug = orgSlugs.get(org.id);
      if (slug !== undefined && slug !== org.slug) {
        ctx.addIssue({
          code: 'custom',
          path: ['users', index, 'organization', 'slug'],
          message: `organization ${org.id} already has slug ${slug}`,
        });
      }
      orgSlugs.set(org.id, org.slug);
    }
  });
});

export type SeedOrganization = z.infer<typeof seedOrganizationSchema>;
export type SeedUser = z.infer<typeof seedUserSchema>;
export type EmulatorSeed = z.infer<typeof emulatorSeedSchema>;
