import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from './root.js';

export type { ProcedureCall, ProcedureObserver, ProcedureResult } from './procedure-observer.js';
export { apiResponseHeaders } from './response-meta.js';
export { type AppRouter, appRouter, createCaller } from './root.js';
export {
  NOTE_BODY_MAX,
  NOTE_PAGE_DEFAULT,
  NOTE_PAGE_MAX,
  NOTE_TITLE_MAX,
  NOTE_VERSION_MAX,
  noteByIdInput,
  noteChangesInput,
  noteCreateInput,
  noteDeleteInput,
  noteListInput,
  noteUpdateInput,
} from './router/note.js';
export { confirmManageAccess, type ManageAccess, manageAccessInput } from './router/org.js';
export { profileUpdateInput } from './router/profile.js';
export {
  type AppMeta,
  type CallAdmission,
  createCallerFactory,
  createTRPCContext,
  createTRPCRouter,
  orgProcedure,
  permissionProcedure,
  protectedProcedure,
  publicProcedure,
  type TRPCContext,
} from './trpc.js';

/** `RouterOutputs['profile']['me']` and friends, for clients. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
