import { z } from 'zod';

import { formatPath } from '../seed/load-seed.js';
import { metadataSchema, nameSchema, passwordSchema, userIdSchema } from '../seed/seed-schema.js';
import { UserStoreError } from './user-types.js';

// Runtime validation for the programmatic store API (JS callers and tests bypass the types).
const usernameSchema = z.string().regex(/^[a-z0-9_-]{4,64}$/, 'must be 4-64 lowercase letters, digits, _ or -');
const externalIdSchema = z.string().min(1).max(256);
const imageUrlSchema = z.url({ protocol: /^https$/ }).max(2048);

export const createUserInputSchema = z.strictObject({
  id: userIdSchema.optional(),
  email: z.email().max(320),
  password: passwordSchema.optional(),
  firstName: nameSchema.nullable().optional(),
  lastName: nameSchema.nullable().optional(),
  username: usernameSchema.nullable().optional(),
  externalId: externalIdSchema.nullable().optional(),
  imageUrl: imageUrlSchema.optional(),
  publicMetadata: metadataSchema.optional(),
  privateMetadata: metadataSchema.optional(),
  unsafeMetadata: metadataSchema.optional(),
});

export const userPatchSchema = createUserInputSchema.omit({ id: true }).partial();

/** Parses or throws a UserStoreError naming the first bad field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue ? formatPath(issue.path) : undefined;
  throw new UserStoreError('invalid', `${param ?? 'input'}: ${issue?.message ?? 'invalid'}`, param);
}
