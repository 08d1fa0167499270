import type { ServerResponse } from 'node:http';

import type { AnyRouter } from '@trpc/server';

import type { AdmissionGate, AdmissionHandler } from './admission/admission-gate.js';
import { bypassRule } from './admission/bypass-rule.js';
import { createRefusal } from './admission/refusal.js';
import type { NodeRequest } from './http/request-view.js';
import { createTrpcCall } from './trpc-call.js';
import type { TrpcContextFactory, TrpcModuleOptions } from './trpc-module-options.js';

/** Resolves when a call that entered tRPC at once is answered; undefined when it waits (or was refused). */
export type NodeHandler = (req: NodeRequest, res: ServerResponse) => Promise<void> | undefined;

/**
 * One Node-level request handler for the router, used under Express and Fastify alike: the
 * procedure path from the URL, then the admission gate (unless it is off, or every call of the
 * request bypasses it), then tRPC (see createTrpcCall). Host hooks that may answer a request
 * themselves (rate limits) belong before the gate, so a refused call never waits for a slot.
 */
export function createTrpcRequestHandler<TRouter extends AnyRouter>(
  options: TrpcModuleOptions<TRouter>,
  contextFactory: TrpcContextFactory<TRouter>,
  gate?: AdmissionGate,
): NodeHandler {
  const prefix = normalizePath(options.path);
  const call = createTrpcCall(options, contextFactory);
  const pathOf = (req: NodeRequest) => procedurePath(req.originalUrl ?? req.url ?? '/', prefix);
  if (!gate?.limits) return (req, res) => call(req, res, pathOf(req));

  const admission: AdmissionHandler<NodeRequest> = { enter: call, refuse: createRefusal(options.router, gate.limits) };
  const skipsGate = bypassRule(options.router, options.admission?.bypass);
  return (req, res) => {
    const path = pathOf(req);
    return skipsGate(path) ? call(req, res, path) : gate.admit(req, res, path, admission);
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
