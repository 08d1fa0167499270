// The subscription's tracked events are typed with tRPC's TrackedEnvelope, whose unique symbol
// lives in an internal chunk: this import lets the declaration emitter name it (tRPC #6431).
import type {} from '@trpc/server/unstable-core-do-not-import';

import { noteRouter } from './router/note.js';
import { orgRouter } from './router/org.js';
import { profileRouter } from './router/profile.js';
import { sessionRouter } from './router/session.js';
import { createCallerFactory, createTRPCRouter } from './trpc.js';

export const appRouter = createTRPCRouter({
  note: noteRouter,
  org: orgRouter,
  profile: profileRouter,
  session: sessionRouter,
});

/** The only thing a client imports, as a type. */
export type AppRouter = typeof appRouter;

/** Calls procedures in-process: `createCaller(createTRPCContext({ auth, services }))`. */
export const createCaller = createCallerFactory(appRouter);
