import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';

import { protectedProcedure } from '../trpc.js';
import { displayText } from './text-rules.js';

// Names are shown to people: trimmed, non-empty, bounded, and display text only.
const personName = displayText(z.string().trim().min(1, 'Must not be empty').max(64, 'Must be at most 64 characters'));

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
