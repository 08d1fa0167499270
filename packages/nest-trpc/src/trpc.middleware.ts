import type { IncomingMessage, ServerResponse } from 'node:http';

import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';

import { AdmissionGate } from './admission/admission-gate.js';
import {
  TRPC_CONTEXT_FACTORY,
  TRPC_MODULE_OPTIONS,
  type TrpcContextFactory,
  type TrpcModuleOptions,
} from './trpc-module-options.js';
import { createTrpcRequestHandler, type NodeHandler } from './trpc-request-handler.js';

/** Answers every request under the router's path; nothing after it runs. */
@Injectable()
export class TrpcMiddleware implements NestMiddleware {
  private readonly handle: NodeHandler;

  constructor(
    @Inject(TRPC_MODULE_OPTIONS) options: TrpcModuleOptions,
    @Inject(TRPC_CONTEXT_FACTORY) contextFactory: TrpcContextFactory,
    @Inject(AdmissionGate) gate: AdmissionGate,
  ) {
    this.handle = createTrpcRequestHandler(options, contextFactory, gate);
  }

  use(req: IncomingMessage, res: ServerResponse): Promise<void> | undefined {
    return this.handle(req, res);
  }
}
