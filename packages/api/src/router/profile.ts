import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';

import { protectedProcedure } from '../trpc.js';

// Names are shown to people: trimmed, non-empty, bounded, and free of control and format
// characters and of lone surrogates (which are not text and break UTF-8 encoders downstream).
const personName = z
  .string()
  .trim()
  .min(1, 'Must not be empty')
  .max(64, 'Must be at most 64 characters')
  .regex(/^[^\p{Cc}\p{Cf}\p{Cs}]*$/u, 'Must not contain control characters');

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
