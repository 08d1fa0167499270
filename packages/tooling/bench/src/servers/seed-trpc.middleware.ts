import type { IncomingMessage, ServerResponse } from 'node:http';

import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { nodeHTTPRequestHandler } from '@trpc/server/adapters/node-http';

import { SeedContextFactory } from './seed-context.factory.js';
import { trpcLimits } from './trpc-limits.js';

/**
 * How the seed mounted tRPC in NestJS: a middleware handing the raw request to tRPC's own Node
 * adapter (the seed's packages/nest-trpc), not the leaner handler that package has now.
 */
@Injectable()
export class SeedTrpcMiddleware implements NestMiddleware {
  constructor(@Inject(SeedContextFactory) private readonly contextFactory: SeedContextFactory) {}

  use(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse): Promise<void> {
    const pathname = (req.originalUrl ?? req.url ?? '/').split('?', 1)[0]!;
    return nodeHTTPRequestHandler({
      ...trpcLimits,
      req,
      res,
      path: pathname.slice('/trpc/'.length),
      createContext: (opts) => this.contextFactory.create(opts),
    });
  }
}
