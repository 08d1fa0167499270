import { FastifyAdapter } from '@nestjs/platform-fastify';

import { bareClientError } from './client-error.js';
import { setSecurityHeaders } from './security-headers.js';

const withSecurityHeaders = new WeakSet<object>();

/**
 * The server's HTTP layer: Fastify, which `pnpm bench` measured faster than Express on every
 * route (packages/tooling/bench/docs/benchmarks.md). The security headers are set by the adapter's first
 * request hook, ahead of CORS and of Nest's middleware engine, so every response carries them
 * (preflights, 404s, and responses the tRPC middleware ends itself) without a middleware pass.
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({ clientErrorHandler: bareClientError });
  adapter.setOnRequestHook((_request, reply, done) => {
    setSecurityHeaders(reply.raw);
    done();
  });
  withSecurityHeaders.add(adapter);
  return adapter;
}

/** True for an adapter made by createHttpAdapter (its responses already get the headers). */
export function hasSecurityHeaders(adapter: object): boolean {
  return withSecurityHeaders.has(adapter);
}
