import type { IncomingMessage, ServerResponse } from 'node:http';

import { TRPCError, type AnyRouter } from '@trpc/server';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';

import {
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_MAX_BODY_SIZE,
  type TrpcContextFactory,
  type TrpcModuleOptions,
} from './trpc-module-options.js';

export type NodeHandler = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => Promise<void>;

/**
 * One Node-level request handler for the router: works under Express and Fastify alike, since
 * both hand Nest middleware the raw request and response.
 */
export function createTrpcRequestHandler<TRouter extends AnyRouter>(
  options: TrpcModuleOptions<TRouter>,
  contextFactory: TrpcContextFactory<TRouter>,
): NodeHandler {
  const prefix = normalizePath(options.path);
  const maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;

  return (req, res) => {
    const url = req.originalUrl ?? req.url ?? '/';
    const pathname = url.split('?', 1)[0]!;
    const procedurePath = pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length + 1) : '';
    return nodeHTTPRequestHandler({
      router: options.router,
      req,
      res,
      path: safeDecode(procedurePath),
      maxBodySize,
      maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
      createContext: (opts) => contextFactory.create(opts),
      // Refuse an announced oversized body before reading a byte of it.
      middleware: (_req, _res, next) => {
        const declared = Number(req.headers['content-length']);
        next(declared > maxBodySize ? new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }) : undefined);
      },
      ...(options.responseMeta ? { responseMeta: options.responseMeta } : {}),
      ...(options.onError ? { onError: options.onError } : {}),
    });
  };
}

export function normalizePath(path = '/trpc'): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // tRPC answers an unknown procedure with 404
  }
}
