import type { ServerResponse } from 'node:http';

import type { AnyRouter, TRPCError } from '@trpc/server';

import type { AdmissionGate, AdmissionHandler } from './admission/admission-gate.js';
import { bypassRule } from './admission/bypass-rule.js';
import { createRefusal } from './admission/refusal.js';
import { createErrorAnswer } from './error-answer.js';
import type { NodeRequest } from './http/request-view.js';
import { type RequestCalls, requestCallsOf } from './procedure-calls.js';
import { createTrpcCall, type TrpcCall } from './trpc-call.js';
import { DEFAULT_MAX_BATCH_SIZE, type TrpcContextFactory, type TrpcModuleOptions } from './trpc-module-options.js';

/** Resolves when a call that entered tRPC at once is answered; undefined when it waits (or was refused). */
export type NodeHandler = (req: NodeRequest, res: ServerResponse) => Promise<void> | undefined;

/**
 * One Node-level request handler for the router, used under Express and Fastify alike: the
 * procedure path from the URL, then the host's `beforeHandle` (rate limits: a refused request is
 * answered here and never waits for a slot), then the admission gate (unless it is off, or every
 * call of the request bypasses it), then tRPC (see createTrpcCall).
 */
export function createTrpcRequestHandler<TRouter extends AnyRouter>(
  options: TrpcModuleOptions<TRouter>,
  contextFactory: TrpcContextFactory<TRouter>,
  gate?: AdmissionGate,
): NodeHandler {
  const prefix = normalizePath(options.path);
  const call = createTrpcCall(options, contextFactory);
  const pathOf = (req: NodeRequest) => procedurePath(req.originalUrl ?? req.url ?? '/', prefix);
  const enter = gatedEntry(options, call, gate);
  const beforeHandle = options.beforeHandle;
  if (!beforeHandle) return (req, res) => enter(req, res, pathOf(req));

  const callsOf = requestCallsOf(options.router, options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE);
  const refuse = hookRefusal(options);
  return async (req, res) => {
    const path = pathOf(req);
    const request = callsOf(req, path);
    const refusal = await beforeHandle(req, res, request.calls);
    if (refusal) return refuse(req, res, request, refusal);
    return enter(req, res, path);
  };
}

type Entry = (req: NodeRequest, res: ServerResponse, path: string) => Promise<void> | undefined;

/** tRPC at once, or through the admission gate when it is on and the path does not bypass it. */
function gatedEntry<TRouter extends AnyRouter>(
  options: TrpcModuleOptions<TRouter>,
  call: TrpcCall,
  gate: AdmissionGate | undefined,
): Entry {
  if (!gate?.limits) return call;
  const refuse = createRefusal(options.router, gate.limits, options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE);
  const admission: AdmissionHandler<NodeRequest> = { enter: call, refuse };
  const skipsGate = bypassRule(options.router, options.admission?.bypass);
  return (req, res, path) => (skipsGate(path) ? call(req, res, path) : gate.admit(req, res, path, admission));
}

/**
 * Every call answered with the hook's `error` in tRPC's own shape (createErrorAnswer): no context,
 * the body never read, and `responseMeta` does not run (the hook sets its own headers). `onError`
 * still sees each refused call, as it would inside tRPC, so failures are counted alike.
 */
function hookRefusal<TRouter extends AnyRouter>(options: TrpcModuleOptions<TRouter>) {
  const answer = createErrorAnswer(options.router);
  const onError = options.onError;
  return (req: NodeRequest, res: ServerResponse, request: RequestCalls, error: TRPCError): void => {
    if (onError)
      for (const call of request.calls)
        onError({ error, type: call.type, path: call.path || undefined, input: undefined, ctx: undefined, req });
    // The client may already be gone: a refusal that cannot be written ends the connection.
    try {
      answer(res, request, error);
    } catch {
      res.destroy();
    }
  };
}

export function normalizePath(path = '/trpc'): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** `/trpc/profile.me?x` → `profile.me`; resolveResponse decodes it. */
function procedurePath(url: string, prefix: string): string {
  const pathname = url.split('?', 1)[0]!;
  return pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length + 1) : '';
}
