import type { IncomingMessage, ServerResponse } from 'node:http';

import type { AnyRouter, inferRouterContext, TRPCError } from '@trpc/server';
import type { NodeHTTPHandlerOptions } from '@trpc/server/adapters/node-http';
import type { TRPCRequestInfo } from '@trpc/server/http';

import type { AdmissionOptions } from './admission/admission-options.js';
import type { ProcedureCall } from './procedure-calls.js';

export interface TrpcContextOptions {
  req: IncomingMessage;
  res: ServerResponse;
  info: TRPCRequestInfo;
}

/**
 * Builds each request's tRPC context. Implement it as an @Injectable() class: the module registers
 * it as a provider, so it can inject anything the host application provides.
 */
export interface TrpcContextFactory<TRouter extends AnyRouter = AnyRouter> {
  create(opts: TrpcContextOptions): inferRouterContext<TRouter> | Promise<inferRouterContext<TRouter>>;
}

type HandlerOptions<TRouter extends AnyRouter> = NodeHTTPHandlerOptions<TRouter, IncomingMessage, ServerResponse>;

/**
 * Runs for every request under the mount before the router does anything with it: no context is
 * created and no body is read yet. It gets the request's calls (one, or each of a batch) as the URL
 * names them. Returning a TRPCError refuses every call with it: the answer is tRPC's own error
 * shape (a batch: one error per call) with the error's status, and the router never runs (the
 * place for admission control, such as rate limits). Headers the hook sets on `res` are sent
 * either way; for a refused request they are the only ones (`responseMeta` does not run for it,
 * `onError` sees each of its calls).
 */
export type TrpcBeforeHandle = (
  req: IncomingMessage,
  res: ServerResponse,
  calls: readonly ProcedureCall[],
) => TRPCError | undefined | Promise<TRPCError | undefined>;

export interface TrpcModuleOptions<TRouter extends AnyRouter = AnyRouter> {
  router: TRouter;
  /** Where the router is mounted; default `/trpc`. */
  path?: string;
  /** Calls per batch; longer batches get 400 before any context is created. Default 10. */
  maxBatchSize?: number;
  /** Request bodies over this many bytes get 413. Default 1 MiB. */
  maxBodySize?: number;
  /** See TrpcBeforeHandle. */
  beforeHandle?: TrpcBeforeHandle;
  responseMeta?: HandlerOptions<TRouter>['responseMeta'];
  onError?: HandlerOptions<TRouter>['onError'];
  /** Subscriptions over SSE: keep-alive pings and when clients give up on a silent stream. */
  sse?: TrpcSseOptions;
  /** At most this many calls inside tRPC at once, the rest queued or answered 503; default: no gate. */
  admission?: AdmissionOptions<TRouter>;
}

export interface TrpcSseOptions {
  /** A `ping` event after this many ms without one, so proxies do not cut a quiet stream (ALB, nginx: 60 s). */
  pingMs: number;
  /**
   * Told to each client as it connects: reconnect after this long without an event or a ping (a
   * half-open connection). At least `pingMs`; default twice `pingMs` plus 5 s.
   */
  reconnectAfterInactivityMs?: number;
  /**
   * Sent as each stream's `retry:` field: how long an EventSource waits before reconnecting after
   * the stream ends (a retryable error, a drain). Unset, browsers use their own (about 3 s).
   */
  reconnectDelayMs?: number;
}

export const TRPC_MODULE_OPTIONS = Symbol('TRPC_MODULE_OPTIONS');
export const TRPC_CONTEXT_FACTORY = Symbol('TRPC_CONTEXT_FACTORY');

// The library's own defaults: it mounts any router and knows nothing of an app's limits, so hosts
// pass theirs (apps/server passes @stack/contracts' MAX_BATCH_SIZE / MAX_BODY_SIZE).
export const DEFAULT_MAX_BATCH_SIZE = 10;
export const DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
