import type { IncomingMessage, ServerResponse } from 'node:http';

import { type AnyRouter, TRPCError } from '@trpc/server';
import { internal_exceptionHandler, nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';
import { resolveResponse } from '@trpc/server/http';

import { isJsonCall, jsonRequestView, type NodeRequest } from './http/request-view.js';
import { writeResponse } from './http/write-response.js';
import { createSubscriptionCall } from './sse/subscription-call.js';
import { withSseSettings } from './sse-settings.js';
import {
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_MAX_BODY_SIZE,
  type TrpcContextFactory,
  type TrpcContextOptions,
  type TrpcModuleOptions,
} from './trpc-module-options.js';

/** One call into tRPC for a request already routed to `path` (`profile.me`, or a batch's `a,b`). */
export type TrpcCall = (req: NodeRequest, res: ServerResponse, path: string) => Promise<void>;

/**
 * JSON calls (all a tRPC client sends unless it uploads files) take a lean path straight to
 * tRPC's `resolveResponse`; anything else goes through tRPC's own Node adapter. Both refuse an
 * announced oversized body before reading a byte of it, and any body once it grows past the limit.
 */
export function createTrpcCall<TRouter extends AnyRouter>(
  options: TrpcModuleOptions<TRouter>,
  contextFactory: TrpcContextFactory<TRouter>,
): TrpcCall {
  const maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
  const onError = options.onError;
  const sseRetryMs = options.sse?.reconnectDelayMs;
  const base = {
    router: withSseSettings(options.router, options.sse),
    maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
    responseMeta: options.responseMeta,
    onError,
  };
  const createContext = (opts: TrpcContextOptions) => contextFactory.create(opts);
  const subscriptions = createSubscriptionCall(options, base.router, contextFactory, sseRetryMs);
  const announcedTooLarge = (req: IncomingMessage) => {
    const length = req.headers['content-length'];
    return length !== undefined && Number(length) > maxBodySize ? new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }) : null;
  };

  return async (req, res, path) => {
    if (!isJsonCall(req)) {
      // A host body parser that skipped this content type leaves `body: undefined`, which tRPC's
      // adapter would take for an empty body: let it read the stream instead.
      if ('body' in req && req.body === undefined) delete req.body;
      return nodeHTTPRequestHandler({
        ...base,
        req,
        res,
        path,
        maxBodySize,
        createContext,
        middleware: (_req, _res, next) => {
          next(announcedTooLarge(req) ?? undefined);
        },
      });
    }
    const tooLarge = announcedTooLarge(req);
    if (!tooLarge && subscriptions.handles(req, path)) return subscriptions.serve(req, res, path);
    try {
      // Every field spelled out: a spread followed by more fields copies property by property,
      // per request, where a literal of fixed shape is one allocation.
      const response = await resolveResponse({
        router: base.router,
        maxBatchSize: base.maxBatchSize,
        responseMeta: base.responseMeta,
        req: jsonRequestView(req, res, maxBodySize),
        path,
        error: tooLarge,
        createContext: ({ info }) => contextFactory.create({ req, res, info }),
        onError: onError && ((o) => onError({ ...o, req })),
      });
      await writeResponse(response, res, sseRetryMs);
    } catch (cause) {
      // resolveResponse answers every tRPC error itself; what is left is a Host header no URL can
      // be built from (400), or a failure while writing (the connection is dropped).
      const invalidUrl = (cause as { code?: unknown }).code === 'ERR_INVALID_URL';
      const error = invalidUrl ? new TRPCError({ code: 'BAD_REQUEST', message: 'Invalid URL', cause }) : cause;
      if (res.headersSent) res.destroy();
      else internal_exceptionHandler({ ...base, req, res, path, createContext })(error);
    }
  };
}
