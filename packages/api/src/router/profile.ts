import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';

import { NAME_MAX_LENGTH } from '../contracts/limits.js';
import { protectedProcedure } from '../trpc.js';

// Names are shown to other people, so they are trimmed, non-empty and bounded (by what Clerk itself
// accepts), and free of what would mislead or break their display: control characters, bidi
// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the other format characters,
// line/paragraph separators and lone surrogates (not text; they break UTF-8 encoders downstream).
// Zero-width non-joiner and joiner (U+200C, U+200D) are format characters too, but ordinary text:
// Persian and Indic names need them, and so do emoji sequences.
const NAME_TEXT = /^(?:[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]|[\u200C\u200D])*$/u;

const personName = z
  .string()
  .trim()
  .min(1, 'Must not be empty')
  .max(NAME_MAX_LENGTH, `Must be at most ${NAME_MAX_LENGTH} characters`)
  .regex(NAME_TEXT, 'Must not contain control characters');

export const profileUpdateInput = z
  .strictObject({ firstName: personName.optional(), lastName: personName.optional() })
  .refine((patch) => patch.firstName !== undefined || patch.lastName !== undefined, {
    message: 'Nothing to update',
  });

export const profileRouter = {
  me: protectedProcedure.query(({ ctx }) => ctx.services.users.getProfile(ctx.auth.userId)),

  update: protectedProcedure
    .input(profileUpdateInput)
    .mutation(({ ctx, input }) => ctx.services.users.updateProfile(ctx.auth.userId, input)),
} satisfies TRPCRouterRecord;
