import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root.js';

export { appRouter, createCaller, type AppRouter } from './root.js';
export {
  createTRPCContext,
  createTRPCRouter,
  createCallerFactory,
  publicProcedure,
  protectedProcedure,
  UNAUTHORIZED_MESSAGE,
  type TRPCContext,
} from './trpc.js';
export { profileUpdateInput } from './router/profile.js';
export { apiResponseHeaders } from './response-meta.js';
export type { AuthState } from './auth-state.js';
export type { ProfilePatch, Services, UserDirectory, UserProfile } from './services.js';
export { ServiceUnavailableError, UserNotFoundError } from './errors.js';

/** `RouterOutputs['profile']['me']` and friends, for clients. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
