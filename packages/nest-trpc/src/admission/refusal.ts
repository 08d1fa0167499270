import type { ServerResponse } from 'node:http';

import {
  type AnyRouter,
  getErrorShape,
  transformTRPCResponse,
  type TRPCDefaultErrorShape,
  TRPCError,
  type TRPCRootConfig,
} from '@trpc/server';

import type { NodeRequest } from '../http/request-view.js';
import { mergeVary } from '../http/write-response.js';
import type { AdmissionLimits, ShedReason } from './admission-options.js';

const MESSAGE: Record<ShedReason, string> = {
  'queue-full': 'The server is busy; try again shortly',
  'queue-timeout': 'The server is busy; try again shortly',
  'shutting-down': 'The server is shutting down; try again',
};

// Nothing is ever added to these, so each reason's error is made once, not per refused call.
const ERRORS = Object.fromEntries(
  Object.entries(MESSAGE).map(([reason, message]) => [reason, new TRPCError({ code: 'SERVICE_UNAVAILABLE', message })]),
) as Record<ShedReason, TRPCError>;

type ProcedureType = 'query' | 'mutation' | 'subscription';
/** Any router's root types, as far as a refusal needs them (it has no context and no input). */
interface AnyRootTypes {
  ctx: object;
  meta: object;
  errorShape: TRPCDefaultErrorShape;
  transformer: boolean;
}

/**
 * The 503 of a call the gate refuses: the router's own error shape (tRPC's `getErrorShape`
 * through the app's error formatter, one per call of a batch, with its path), as tRPC answers
 * an error raised before any context exists, plus `Retry-After`. It does not enter tRPC's
 * request handling: no context, no body read, no abort signals, no Fetch `Response` (a refusal
 * costs a fraction of a call, which matters when most calls are refused), and so neither
 * `responseMeta` nor `onError` runs for it (the gate's `onShed` counts refusals). A call refused
 * at shutdown also closes its connection, so the client retries elsewhere.
 */
export function createRefusal<TRouter extends AnyRouter>(router: TRouter, limits: AdmissionLimits) {
  const config = router._def._config as TRPCRootConfig<AnyRootTypes>;
  const procedures = router._def.procedures as Record<string, { _def: { type: ProcedureType } } | undefined>;
  const retryAfter = String(limits.retryAfterSeconds);
  const shapeOf = (error: TRPCError, path: string) =>
    ({
      error: getErrorShape({
        config,
        error,
        type: procedures[path]?._def.type ?? 'unknown',
        path,
        input: undefined,
        ctx: undefined,
      }),
    }) as const;

  return (req: NodeRequest, res: ServerResponse, path: string, reason: ShedReason): Promise<void> => {
    const error = ERRORS[reason];
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // Not a path tRPC could route either: refuse it as written.
    }
    const query = (req.originalUrl ?? req.url ?? '').split('?')[1];
    const batch = query !== undefined && new URLSearchParams(query).get('batch') === '1';
    const answer = batch ? decoded.split(',').map((p) => shapeOf(error, p)) : shapeOf(error, decoded);
    res.statusCode = 503;
    res.setHeader('content-type', 'application/json');
    res.setHeader('retry-after', retryAfter);
    // As tRPC's own answers vary (CORS may already vary on Origin).
    res.setHeader('vary', mergeVary(res.getHeader('vary'), 'trpc-accept, accept'));
    if (reason === 'shutting-down') res.setHeader('connection', 'close');
    res.end(JSON.stringify(transformTRPCResponse(config, answer)));
    return Promise.resolve();
  };
}
