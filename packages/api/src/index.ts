import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

import type { AppRouter } from './root.js';

export type { AuthState } from './auth-state.js';
export { ServiceUnavailableError, UserNotFoundError } from './errors.js';
export { apiResponseHeaders } from './response-meta.js';
export { type AppRouter, appRouter, createCaller } from './root.js';
export { profileUpdateInput } from './router/profile.js';
export type { ProfilePatch, Services, UserDirectory, UserProfile } from './services.js';
export {
  createCallerFactory,
  createTRPCContext,
  createTRPCRouter,
  protectedProcedure,
  publicProcedure,
  type TRPCContext,
  UNAUTHORIZED_MESSAGE,
} from './trpc.js';

/** `RouterOutputs['profile']['me']` and friends, for clients. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
