import type { ServerResponse } from 'node:http';

import {
  type AnyRouter,
  getErrorShape,
  transformTRPCResponse,
  type TRPCDefaultErrorShape,
  type TRPCError,
  type TRPCRootConfig,
} from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';

import { mergeVary } from './http/write-response.js';
import type { RequestCalls } from './procedure-calls.js';

/** Any router's root types, as far as an error answer needs them (it has no context and no input). */
export interface AnyRootTypes {
  ctx: object;
  meta: object;
  errorShape: TRPCDefaultErrorShape;
  transformer: boolean;
}

/** Answers every call of a request with one error; the caller sets any extra headers first. */
export type ErrorAnswer = (res: ServerResponse, request: RequestCalls, error: TRPCError) => void;

/** Bodies kept per error object (past it they are forgotten), for paths up to this long. */
const BODIES_PER_ERROR = 32;
const MAX_KEPT_PATH = 512;

/**
 * What tRPC answers when every call of a request fails with the same error before any context
 * exists: the router's own error shape (tRPC's `getErrorShape` through the app's error formatter),
 * one per call of a batch with its path, under the error's HTTP status. Written straight to Node's
 * response: no context, no body read, no abort signals, no Fetch `Response`, so a refusal costs a
 * fraction of a call, which matters when most calls of a flood are refused. Neither
 * `responseMeta` nor `onError` runs here: callers that need them (counting) do their own.
 *
 * A caller that refuses with the same error object again and again (a rate limit's, the gate's)
 * gets each body made once per path: the formatter sees no context and no input, so its shape
 * depends on the error, the path and the procedure's type only.
 */
export function createErrorAnswer(router: AnyRouter): ErrorAnswer {
  const config = router._def._config as TRPCRootConfig<AnyRootTypes>;
  const shapeOf = (error: TRPCError, path: string | undefined, type: RequestCalls['calls'][number]['type']) => ({
    error: getErrorShape({ config, error, type, path, input: undefined, ctx: undefined }),
  });
  const bodyOf = ({ calls, batch }: RequestCalls, error: TRPCError) => {
    const answer = batch
      ? calls.map((call) => shapeOf(error, call.path, call.type))
      : // One call, or a request tRPC cannot split into calls (no path then, as tRPC's own 400).
        shapeOf(error, calls[0]?.path || undefined, calls[0]?.type ?? 'unknown');
    return JSON.stringify(transformTRPCResponse(config, answer));
  };
  const bodies = new WeakMap<TRPCError, Map<string, string>>();

  return (res, request, error) => {
    let body: string | undefined;
    if (request.path.length > MAX_KEPT_PATH) body = bodyOf(request, error);
    else {
      let known = bodies.get(error);
      if (!known) bodies.set(error, (known = new Map<string, string>()));
      // What the body depends on: the batch's paths, or the one call's (none when not routable).
      const key = request.batch ? `${request.path}?batch` : (request.calls[0]?.path ?? '');
      body = known.get(key);
      if (body === undefined) {
        body = bodyOf(request, error);
        if (known.size >= BODIES_PER_ERROR) known.clear();
        known.set(key, body);
      }
    }
    res.statusCode = getHTTPStatusCodeFromError(error);
    res.setHeader('content-type', 'application/json');
    // As tRPC's own answers vary (CORS may already vary on Origin).
    res.setHeader('vary', mergeVary(res.getHeader('vary'), 'trpc-accept, accept'));
    res.end(body);
  };
}
