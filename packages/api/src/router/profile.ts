import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';

import { NAME_MAX_LENGTH } from '@stack/contracts';

import { protectedProcedure } from '../trpc.js';
import { displayText } from './text-rules.js';

// Names are trimmed, non-empty and bounded by what Clerk itself accepts, so a name set in Clerk's
// own UI never blocks an unrelated edit.
const personName = displayText(
  z.string().trim().min(1, 'Must not be empty').max(NAME_MAX_LENGTH, `Must be at most ${NAME_MAX_LENGTH} characters`),
);

export const profileUpdateInput = z
  .strictObject({ firstName: personName.optional(), lastName: personName.optional() })
  .refine((patch) => patch.firstName !== undefined || patch.lastName !== undefined, {
    message: 'Nothing to update',
  });

export const profileRouter = {
  // From the user cache; the database (or Clerk) only for a user it does not hold yet.
  me: protectedProcedure
    .meta({ waitsOnDatabase: false })
    .query(({ ctx }) => ctx.services.users.getProfile(ctx.auth.userId)),

  update: protectedProcedure
    .input(profileUpdateInput)
    .mutation(({ ctx, input }) => ctx.services.users.updateProfile(ctx.auth.userId, input)),
} satisfies TRPCRouterRecord;
