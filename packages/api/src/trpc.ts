/**
 * YOU PROBABLY DON'T NEED TO EDIT THIS FILE, UNLESS:
 * 1. You want to change what the request context carries.
 * 2. You want to add a new kind of procedure (e.g. one that needs an organization).
 *
 * The tRPC server is initialised here: context, error shape and the procedure builders that every
 * router uses. Nothing here knows about NestJS or Clerk; hosts fill the context.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { z, ZodError } from 'zod';

import {
  activeOrg,
  answerForServiceError,
  type AppPermission,
  type AuthState,
  ConflictError,
  hasPermission,
  MISSING_PERMISSION_MESSAGE,
  NO_ACTIVE_ORG_MESSAGE,
  RateLimitedError,
  type Services,
  UNAUTHORIZED_MESSAGE,
} from '@stack/contracts';

import type { ProcedureObserver } from './procedure-observer.js';

/**
 * 1. CONTEXT
 *
 * What every procedure can see. `auth` is null for an anonymous (or rejected) caller. The host
 * builds it per request with `createTRPCContext`, after verifying the caller's session.
 */
export interface TRPCContext {
  auth: AuthState | null;
  services: Services;
  /** The host's metrics and traces around every call (see procedure-observer.ts); optional. */
  observe?: ProcedureObserver | undefined;
  /**
   * The host's admission decision for each call of the request (e.g. rate limits counted before
   * the router ran): a call it refused fails with that error (a contracts error, such as
   * RateLimitedError) before its procedure runs. Absent: every call is admitted.
   */
  admission?: CallAdmission;
}

export interface CallAdmission {
  refusal(batchIndex: number): Error | null;
}

export const createTRPCContext = (opts: {
  auth: AuthState | null;
  services: Services;
  observe?: ProcedureObserver | undefined;
  admission?: CallAdmission | undefined;
}): TRPCContext => ({
  auth: opts.auth,
  services: opts.services,
  observe: opts.observe,
  ...(opts.admission ? { admission: opts.admission } : {}),
});

/**
 * What a procedure tells its host with `.meta()`, read before it runs.
 */
export interface AppMeta {
  /**
   * `false`: answered from the token or an in-memory cache in steady state, with no database
   * round trip, so the host need not queue it behind calls that wait on the database pool
   * (apps/server's admission gate lets it through at once). Unset: assume it waits on the database.
   */
  waitsOnDatabase?: boolean;
  /**
   * `'active-organization'`: with an active organization in the token, the procedure acts in it
   * (its mutations count against that organization's write limit).
   */
  scope?: 'active-organization';
}

/**
 * 2. INITIALIZATION
 *
 * No transformer: plain JSON keeps the wire format readable and the hot path cheap (timestamps are
 * numbers). `isDev: false` keeps stack traces out of every response; logs get the detail instead.
 */
const INTERNAL_MESSAGE = 'Internal server error';

const root = initTRPC.context<TRPCContext>().meta<AppMeta>();
const t = root.create({
  isDev: false,
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    // An unexpected failure may carry internals (a database URL, a key name) in its message.
    message: error.code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_MESSAGE : shape.message,
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      // Field errors for bad input, so forms can show them next to the fields.
      zodError:
        error.code === 'BAD_REQUEST' && error.cause instanceof ZodError
          ? z.flattenError(error.cause as ZodError<Record<string, unknown>>)
          : null,
      // A stale write's record as it is now, so the client can show "changed elsewhere" with it.
      current: error.code === 'CONFLICT' && error.cause instanceof ConflictError ? (error.cause.current ?? null) : null,
      // A refused call says when to try again (also in Retry-After, which a batch shares).
      ...(error.cause instanceof RateLimitedError ? { retryAfter: error.cause.retryAfterSeconds } : {}),
    },
  }),
});

/** Server-side calls without HTTP (tests, server components). */
export const createCallerFactory = t.createCallerFactory;

/**
 * 3. ROUTER & PROCEDURES
 */
export const createTRPCRouter = t.router;

/** A service failure as its precise tRPC error (one table for tRPC and REST), or null for anything else. */
export function serviceError(cause: unknown): TRPCError | null {
  const answer = answerForServiceError(cause);
  return answer ? new TRPCError({ code: answer.code, message: answer.message, cause }) : null;
}

/**
 * The outermost middleware of every procedure: the host's observer sees each call (one per call
 * of a batch) with its final outcome, input validation and auth refusals included.
 */
const observed = t.middleware(({ ctx, path, type, next }) =>
  ctx.observe ? ctx.observe({ path, type }, (services) => (services ? next({ ctx: { services } }) : next())) : next(),
);

/** Reports service failures with precise codes (one table for tRPC and REST) instead of a generic 500. */
const serviceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const error = serviceError(result.error.cause);
  if (error) throw error;
  return result;
});

/** A call the host refused before the router ran (over a rate limit) fails here, before any work. */
const admission = t.middleware(({ ctx, batchIndex, next }) => {
  const refusal = ctx.admission?.refusal(batchIndex);
  if (!refusal) return next();
  const answer = answerForServiceError(refusal);
  if (!answer) throw refusal;
  throw new TRPCError({ code: answer.code, message: answer.message, cause: refusal });
});

/** Anyone may call it; `ctx.auth` may be null. */
export const publicProcedure = t.procedure.use(observed).use(admission).use(serviceErrors);

/**
 * Requires a verified session and narrows `ctx.auth` to non-null. It runs before any `.input()`
 * declared after it, so an anonymous caller cannot probe input schemas.
 */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: UNAUTHORIZED_MESSAGE });
  return next({ ctx: { auth: ctx.auth } });
});

/** Requires an active organization (not the personal account); narrows `ctx.auth.orgId`. */
export const orgProcedure = protectedProcedure.meta({ scope: 'active-organization' }).use(({ ctx, next }) => {
  const auth = activeOrg(ctx.auth);
  if (!auth) throw new TRPCError({ code: 'FORBIDDEN', message: NO_ACTIVE_ORG_MESSAGE });
  return next({ ctx: { auth } });
});

/**
 * Requires `permission` in the active organization: `permissionProcedure('org:notes:manage')`.
 * Only the app's declared permissions type-check (see contracts/permissions.ts).
 */
export const permissionProcedure = (permission: AppPermission) =>
  orgProcedure.use(({ ctx, next }) => {
    if (!hasPermission(ctx.auth, permission))
      throw new TRPCError({ code: 'FORBIDDEN', message: MISSING_PERMISSION_MESSAGE });
    return next();
  });
