import { z } from 'zod';

import { metadataSchema } from '../seed/seed-schema.js';

// What the store file holds. Parsed strictly: a hand-edited or truncated file is reported, never half-loaded.
const ms = z.number().int().nonnegative();
const nullableString = z.string().nullable();

const storedUserSchema = z.object({
  id: z.string().min(1),
  email: z.string().min(3),
  emailAddressId: z.string().min(1),
  firstName: nullableString,
  lastName: nullableString,
  username: nullableString,
  externalId: nullableString,
  imageUrl: z.string(),
  publicMetadata: metadataSchema,
  privateMetadata: metadataSchema,
  unsafeMetadata: metadataSchema,
  passwordEnabled: z.boolean(),
  passwordHash: z.string().startsWith('scrypt$').nullable(),
  createdAt: ms,
  updatedAt: ms,
  lastSignInAt: ms.nullable(),
});

const sessionSchema = z.object({
  id: z.string().min(1),
  userId: z.string().min(1),
  clientId: z.string().min(1),
  status: z.enum(['active', 'revoked', 'ended', 'removed']),
  activeOrganizationId: nullableString,
  createdAt: ms,
  updatedAt: ms,
  lastActiveAt: ms,
  expireAt: ms,
  abandonAt: ms,
});

const verificationSchema = z.object({
  strategy: z.enum(['password', 'email_code']),
  status: z.enum(['unverified', 'verified', 'failed']),
  attempts: z.number().int().nonnegative(),
  expireAt: ms.nullable(),
});

const signInSchema = z.object({
  id: z.string(),
  status: z.enum(['needs_identifier', 'needs_first_factor', 'complete']),
  identifier: nullableString,
  userId: nullableString,
  firstFactor: verificationSchema.nullable(),
  createdSessionId: nullableString,
  createdAt: ms,
  abandonAt: ms,
});

const signUpSchema = z.object({
  id: z.string(),
  status: z.enum(['missing_requirements', 'complete']),
  emailAddress: nullableString,
  passwordHash: nullableString,
  firstName: nullableString,
  lastName: nullableString,
  unsafeMetadata: metadataSchema,
  emailVerification: verificationSchema.nullable(),
  createdUserId: nullableString,
  createdSessionId: nullableString,
  createdAt: ms,
  abandonAt: ms,
});

const clientSchema = z.object({
  id: z.string().min(1),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  sessionIds: z.array(z.string()),
  lastActiveSessionId: nullableString,
  signIn: signInSchema.nullable(),
  signUp: signUpSchema.nullable(),
  authChangedAt: z.number().int().nonnegative(),
  createdAt: ms,
  updatedAt: ms,
});

const roleSchema = z.object({
  key: z.string().min(1),
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.string()),
  systemPermissions: z.array(z.string()),
  createdAt: ms,
  updatedAt: ms,
});

const organizationSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  slug: z.string().min(1),
  imageUrl: nullableString,
  createdBy: nullableString,
  maxAllowedMemberships: z.number().int().nonnegative(),
  adminDeleteEnabled: z.boolean(),
  publicMetadata: metadataSchema,
  privateMetadata: metadataSchema,
  createdAt: ms,
  updatedAt: ms,
});

const membershipSchema = z.object({
  id: z.string().min(1),
  organizationId: z.string().min(1),
  userId: z.string().min(1),
  role: z.string().min(1),
  publicMetadata: metadataSchema,
  privateMetadata: metadataSchema,
  createdAt: ms,
  updatedAt: ms,
});

const invitationSchema = z.object({
  id: z.string().min(1),
  organizationId: z.string().min(1),
  emailAddress: z.string().min(3),
  role: z.string().min(1),
  status: z.enum(['pending', 'accepted', 'revoked']),
  inviterUserId: nullableString,
  userId: nullableString,
  publicMetadata: metadataSchema,
  privateMetadata: metadataSchema,
  expiresAt: ms,
  createdAt: ms,
  updatedAt: ms,
});

export const storeFileSchema = z.object({
  version: z.literal(1),
  users: z.array(storedUserSchema),
  sessions: z.array(sessionSchema),
  clients: z.array(clientSchema),
  // Absent in files written before organizations were modelled: the seed then fills them in.
  organizations: z
    .object({
      roles: z.array(roleSchema),
      organizations: z.array(organizationSchema),
      memberships: z.array(membershipSchema),
      invitations: z.array(invitationSchema),
    })
    .optional(),
});
