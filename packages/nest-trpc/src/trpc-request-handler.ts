import type { ServerResponse } from 'node:http';

import type { AnyRouter, TRPCError } from '@trpc/server';
import { resolveResponse } from '@trpc/server/http';

import type { AdmissionGate, AdmissionHandler } from './admission/admission-gate.js';
import { bypassRule } from './admission/bypass-rule.js';
import { createRefusal } from './admission/refusal.js';
import { jsonRequestView, type NodeRequest } from './http/request-view.js';
import { writeResponse } from './http/write-response.js';
import { procedureCallsOf } from './procedure-calls.js';
import { createTrpcCall, type TrpcCall } from './trpc-call.js';
import {
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_MAX_BODY_SIZE,
  type TrpcContextFactory,
  type TrpcModuleOptions,
} from './trpc-module-options.js';

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

  const callsOf = procedureCallsOf(options.router, options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE);
  const refuse = hookRefusal(options);
  return async (req, res) => {
    const path = pathOf(req);
    const refusal = await beforeHandle(req, res, callsOf(req, path));
    if (refusal) return answerSafely(res, () => refuse(req, res, path, refusal));
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
  const admission: AdmissionHandler<NodeRequest> = { enter: call, refuse: createRefusal(options.router, gate.limits) };
  const skipsGate = bypassRule(options.router, options.admission?.bypass);
  return (req, res, path) => (skipsGate(path) ? call(req, res, path) : gate.admit(req, res, path, admission));
}

/** Every call answered with the hook's `error` in tRPC's own shape; no context, and the body is never read. */
function hookRefusal<TRouter extends AnyRouter>(options: TrpcModuleOptions<TRouter>) {
  const maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
  const onError = options.onError;
  return async (req: NodeRequest, res: ServerResponse, path: string, error: TRPCError) => {
    const response = await resolveResponse<TRouter>({
      router: options.router,
      maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
      responseMeta: options.responseMeta,
      req: jsonRequestView(req, res, maxBodySize),
      path,
      error,
      createContext: () => Promise.resolve(undefined as never),
      onError: onError && ((o) => onError({ ...o, req })),
    });
    await writeResponse(response, res);
  };
}

/** A refusal that cannot be written (the client left, a Host no URL can be built from) ends the connection. */
async function answerSafely(res: ServerResponse, answer: () => Promise<void>): Promise<void> {
  try {
    await answer();
  } catch {
    if (!res.headersSent) {
      res.statusCode = 400;
      res.end();
    } else res.destroy();
  }
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
