import type { IncomingMessage, ServerResponse } from 'node:http';

import type { NodeHandler } from './trpc-request-handler.js';

/** The parts of a Fastify instance the mount uses (this package does not depend on Fastify). */
interface FastifyScope {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    type: string,
    parser: (request: unknown, payload: unknown, done: (error: Error | null, body?: unknown) => void) => void,
  ): void;
  all(
    path: string,
    handler: (
      request: { raw: IncomingMessage },
      reply: { raw: ServerResponse; hijack(): void },
    ) => Promise<void> | undefined,
  ): void;
}

export interface FastifyLike {
  register(plugin: (scope: FastifyScope) => Promise<void>): unknown;
}

/**
 * Under Fastify the router gets a route of its own rather than a Nest middleware: one router
 * lookup instead of the middleware engine's pass over every request. The route lives in its own
 * plugin scope whose only content-type parser leaves the body unread, so tRPC reads it (and
 * enforces its limit) itself; the app's hooks (CORS, security headers) still run before it.
 */
export function mountOnFastify(fastify: FastifyLike, prefix: string, handle: NodeHandler): void {
  void fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.all(`${prefix}/*`, (request, reply) => {
      reply.hijack();
      return handle(request.raw, reply.raw);
    });
  });
}
