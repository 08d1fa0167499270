import type { ServerResponse } from 'node:http';

import { type AnyRouter, TRPCError } from '@trpc/server';
import { internal_exceptionHandler } from '@trpc/server/adapters/node-http';
import { resolveResponse } from '@trpc/server/http';

import { type NodeRequest, refusedRequestView } from '../http/request-view.js';
import { writeResponse } from '../http/write-response.js';
import { trpcBase } from '../trpc-call.js';
import type { TrpcModuleOptions } from '../trpc-module-options.js';
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

/**
 * The 503 of a call the gate refuses, answered by tRPC itself so it has the router's own error
 * shape (one per call of a batch, with its path, through the app's error formatter and
 * responseMeta), with `Retry-After`. No context is created (the formatter sees none, as after
 * a failed context) and the body is never read; the host's `onError` is not called, since a
 * refusal is not a failure of the call (the gate's `onShed` counts them). A call refused at
 * shutdown also closes its connection, so the client retries elsewhere.
 */
export function createRefusal<TRouter extends AnyRouter>(options: TrpcModuleOptions<TRouter>, limits: AdmissionLimits) {
  const base = trpcBase(options);
  const retryAfter = String(limits.retryAfterSeconds);
  return async (req: NodeRequest, res: ServerResponse, path: string, reason: ShedReason): Promise<void> => {
    const error = ERRORS[reason];
    const createContext = () => {
      throw error;
    };
    res.setHeader('retry-after', retryAfter);
    if (reason === 'shutting-down') res.setHeader('connection', 'close');
    try {
      const response = await resolveResponse({ ...base, req: refusedRequestView(req), path, error, createContext });
      await writeResponse(response, res);
    } catch {
      // Only a Host no URL can be built from gets here: tRPC's shape for the whole request instead.
      if (res.headersSent) res.destroy();
      else {
        res.setHeader('content-type', 'application/json');
        internal_exceptionHandler({ ...base, req, res, path, createContext })(error);
      }
    }
  };
}
