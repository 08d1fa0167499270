// The subscription's tracked events are typed with tRPC's TrackedEnvelope, whose unique symbol
// lives in an internal chunk: this import lets the declaration emitter name it (tRPC #6431).
import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import type {} from '@trpc/server/unstable-core-do-not-import';
import { z } from 'zod';

import {
  activeOrg,
  type AppPermission,
  hasPermission,
  MISSING_PERMISSION_MESSAGE,
  NO_ACTIVE_ORG_MESSAGE,
  type NoteScope,
  orgAccessRevoked,
} from '@stack/contracts';

import { protectedProcedure } from '../trpc.js';
import { displayText } from './text-rules.js';
import { trackedChanges } from './tracked-changes.js';

export const NOTE_TITLE_MAX = 120;
export const NOTE_BODY_MAX = 10_000;
export const NOTE_PAGE_DEFAULT = 20;
export const NOTE_PAGE_MAX = 50;
/** The version column is a PostgreSQL `integer`: anything above is a 400, never an overflow. */
export const NOTE_VERSION_MAX = 2 ** 31 - 1;

const noteTitle = displayText(
  z.string().trim().min(1, 'Must not be empty').max(NOTE_TITLE_MAX, `Must be at most ${NOTE_TITLE_MAX} characters`),
);
const noteBody = displayText(z.string().max(NOTE_BODY_MAX, `Must be at most ${NOTE_BODY_MAX} characters`), 'multi');
// Ids are opaque to clients; the bound only keeps absurd input away from the service.
const noteId = z.string().min(1).max(100);
const version = z.number().int().min(1).max(NOTE_VERSION_MAX, `Must be at most ${NOTE_VERSION_MAX}`);

/**
 * Not strict: `useInfiniteQuery` adds `direction` to the input, which is dropped here.
 */
export const noteListInput = z.object({
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(NOTE_PAGE_MAX).default(NOTE_PAGE_DEFAULT),
});
export const noteByIdInput = z.strictObject({ id: noteId });
export const noteCreateInput = z.strictObject({ title: noteTitle, body: noteBody.default('') });
export const noteUpdateInput = z
  .strictObject({ id: noteId, version, title: noteTitle.optional(), body: noteBody.optional() })
  .refine((patch) => patch.title !== undefined || patch.body !== undefined, { message: 'Nothing to update' });
export const noteDeleteInput = z.strictObject({ id: noteId, version });
/**
 * tRPC fills `lastEventId` from the `Last-Event-ID` header on reconnects. Not strict, and the input
 * itself optional: a plain `GET /trpc/note.changes` (no input) streams from now on. Ids are opaque;
 * the bound only keeps absurd input away from the service (one it never issued is a `reset`).
 */
export const noteChangesInput = z.object({ lastEventId: z.string().max(100).nullish() }).optional();

/**
 * The caller's note scope: the active organization's notes (needing `permission` there), or the
 * caller's personal notes without one. A token naming an organization the caller lost access to
 * (deleted, or removed from it) is refused, never served the personal notes instead. Runs before
 * `.input()`, so 401/403 come before validation.
 */
const notesProcedure = (permission: AppPermission) =>
  protectedProcedure.meta({ scope: 'active-organization' }).use(({ ctx, next }) => {
    if (orgAccessRevoked(ctx.auth)) throw new TRPCError({ code: 'FORBIDDEN', message: NO_ACTIVE_ORG_MESSAGE });
    const org = activeOrg(ctx.auth);
    if (org && !hasPermission(org, permission))
      throw new TRPCError({ code: 'FORBIDDEN', message: MISSING_PERMISSION_MESSAGE });
    const userId = ctx.auth.userId;
    const scope: NoteScope = org ? { kind: 'org', orgId: org.orgId, userId } : { kind: 'personal', userId };
    return next({ ctx: { scope } });
  });

const readNotes = notesProcedure('org:notes:read');
const manageNotes = notesProcedure('org:notes:manage');

export const noteRouter = {
  // No input at all (`GET /trpc/note.list`) is the first page; the schema (and so the client's
  // input type, which useInfiniteQuery derives its cursor from) stays the plain page object.
  list: readNotes
    .use(({ getRawInput, next }) => next({ getRawInput: async () => (await getRawInput()) ?? {} }))
    .input(noteListInput)
    .query(({ ctx, input }) =>
      ctx.services.notes.list(ctx.scope, { cursor: input.cursor ?? null, limit: input.limit }),
    ),

  byId: readNotes.input(noteByIdInput).query(({ ctx, input }) => ctx.services.notes.byId(ctx.scope, input.id)),

  create: manageNotes
    .input(noteCreateInput)
    .mutation(({ ctx, input }) => ctx.services.notes.create(ctx.scope, ctx.auth.userId, input)),

  update: manageNotes.input(noteUpdateInput).mutation(({ ctx, input }) => {
    const { id, version, ...patch } = input;
    return ctx.services.notes.update(ctx.scope, id, version, patch, ctx.auth.userId);
  }),

  delete: manageNotes
    .input(noteDeleteInput)
    .mutation(({ ctx, input }) => ctx.services.notes.delete(ctx.scope, input.id, input.version)),

  /**
   * The scope's changes, live, over SSE (see README, "Live notes"). The stream is opened before the
   * response starts, so once a client sees it connected, every later change reaches it.
   */
  changes: readNotes.input(noteChangesInput).subscription(async ({ ctx, input, signal }) => {
    const holder = { userId: ctx.auth.userId, sessionId: ctx.auth.sessionId, orgId: ctx.auth.orgId };
    // Over HTTP tRPC always passes the request's signal; an in-process call that has none never aborts.
    const until = signal ?? new AbortController().signal;
    const events = await ctx.services.noteChanges.open(ctx.scope, holder, input?.lastEventId ?? null, until);
    return trackedChanges(events);
  }),
} satisfies TRPCRouterRecord;
