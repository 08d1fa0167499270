import type { IncomingMessage, ServerResponse } from 'node:http';

import { FastifyAdapter } from '@nestjs/platform-fastify';

import { bareClientError } from './client-error.js';
import { setSecurityHeaders } from './security-headers.js';

/**
 * Per request: the raw request and response, the matched route's template (read when needed),
 * and `next`, which the observer calls to go on with the request (inside its trace span, if any).
 */
export type RequestObserver = (
  req: IncomingMessage,
  res: ServerResponse,
  route: () => string | undefined,
  next: () => void,
) => void;

const observers = new WeakMap<object, { observe: RequestObserver | null }>();

/**
 * The server's HTTP layer: Fastify, which `pnpm bench` measured faster than Express on every
 * route (packages/tooling/bench/docs/benchmarks.md). The adapter's first request hook, ahead of
 * CORS (which answers preflights itself) and of Nest's middleware engine, sets the security
 * headers and runs the request observer (request id, request line, metrics; see
 * observeRequestsOn), so every response gets them, including preflights, 404s and the responses
 * the tRPC route writes itself, without a middleware pass.
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({ clientErrorHandler: bareClientError });
  const slot: { observe: RequestObserver | null } = { observe: null };
  adapter.setOnRequestHook((request, reply, done) => {
    setSecurityHeaders(reply.raw);
    if (slot.observe) slot.observe(request.raw, reply.raw, () => request.routeOptions.url, done);
    else done();
  });
  observers.set(adapter, slot);
  return adapter;
}

/** True for an adapter made by createHttpAdapter (its responses already get the headers). */
export function hasSecurityHeaders(adapter: object): boolean {
  return observers.has(adapter);
}

/** Installs the request observer in an adapter made by createHttpAdapter; false for any other. */
export function observeRequestsOn(adapter: object, observe: RequestObserver): boolean {
  const slot = observers.get(adapter);
  if (!slot) return false;
  slot.observe = observe;
  return true;
}
