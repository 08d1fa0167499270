import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

import { MAX_BODY_SIZE } from '@stack/contracts';

import type { WebhookAnswer } from './clerk-webhook-receiver.js';

/** The parts of Fastify the route uses (the server does not depend on Fastify's types directly). */
interface FastifyScope {
  removeAllContentTypeParsers(): void;
  addContentTypeParser(
    type: string,
    options: { parseAs: 'buffer'; bodyLimit: number },
    parser: (request: unknown, body: Buffer, done: (error: Error | null, body?: unknown) => void) => void,
  ): void;
  post(
    path: string,
    options: { bodyLimit: number },
    handler: (
      request: { headers: IncomingHttpHeaders; body: unknown; raw: IncomingMessage },
      reply: {
        headers(values: Record<string, string>): unknown;
        code(status: number): { type(contentType: string): { send(payload: string): unknown } };
      },
    ) => Promise<unknown>,
  ): void;
}

export interface FastifyRoot {
  register(plugin: (scope: FastifyScope) => Promise<void>): unknown;
}

/**
 * The webhook route in a plugin scope of its own, whose only content-type parser hands over the
 * body as the bytes received (any content type; a signature covers bytes, not JSON), up to 1 MB
 * (413 past it). The rest of the server's body handling is untouched.
 */
export function mountWebhookRoute(
  fastify: FastifyRoot,
  path: string,
  receive: (req: IncomingMessage, headers: IncomingHttpHeaders, body: Buffer) => Promise<WebhookAnswer>,
): void {
  void fastify.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_SIZE }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(path, { bodyLimit: MAX_BODY_SIZE }, async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const answer = await receive(request.raw, request.headers, body);
      if (answer.headers) reply.headers(answer.headers);
      return reply.code(answer.status).type('application/json; charset=utf-8').send(JSON.stringify(answer.body));
    });
  });
}
