import {
  type DynamicModule,
  Inject,
  type MiddlewareConsumer,
  Module,
  type ModuleMetadata,
  type NestModule,
  type Provider,
  RequestMethod,
  type Type,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AnyRouter } from '@trpc/server';

import { AdmissionGate } from './admission/admission-gate.js';
import { type FastifyLike, mountOnFastify } from './fastify-mount.js';
import { TrpcMiddleware } from './trpc.middleware.js';
import {
  TRPC_CONTEXT_FACTORY,
  TRPC_MODULE_OPTIONS,
  type TrpcContextFactory,
  type TrpcModuleOptions,
} from './trpc-module-options.js';
import { createTrpcRequestHandler, normalizePath } from './trpc-request-handler.js';

interface ContextOption<TRouter extends AnyRouter> {
  /** The context factory class; registered here as a provider. */
  context: Type<TrpcContextFactory<TRouter>>;
  /** Modules whose providers the context factory (or `useFactory`) injects. */
  imports?: ModuleMetadata['imports'];
}

export type TrpcModuleSyncOptions<TRouter extends AnyRouter> = TrpcModuleOptions<TRouter> & ContextOption<TRouter>;

export interface TrpcModuleAsyncOptions<TRouter extends AnyRouter> extends ContextOption<TRouter> {
  inject?: (string | symbol | Type | { token: string | symbol | Type; optional: boolean })[];
  /** All options, `path` included: the mount happens in configure(), after this factory has run. */
  useFactory: (...deps: never[]) => TrpcModuleOptions<TRouter> | Promise<TrpcModuleOptions<TRouter>>;
}

/**
 * Hosts a tRPC router inside a NestJS application: as a middleware on Express, as a route of its
 * own on Fastify (see mountOnFastify):
 *
 *   TrpcModule.forRoot({ router: appRouter, path: '/trpc', context: AppContextFactory, imports: [AuthModule] })
 */
@Module({})
export class TrpcModule implements NestModule {
  constructor(
    @Inject(TRPC_MODULE_OPTIONS) private readonly options: TrpcModuleOptions,
    @Inject(TRPC_CONTEXT_FACTORY) private readonly contextFactory: TrpcContextFactory,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(AdmissionGate) private readonly gate: AdmissionGate,
  ) {}

  static forRoot<TRouter extends AnyRouter>(options: TrpcModuleSyncOptions<TRouter>): DynamicModule {
    const { context, imports, ...moduleOptions } = options;
    return TrpcModule.build(context, imports, { provide: TRPC_MODULE_OPTIONS, useValue: moduleOptions });
  }

  static forRootAsync<TRouter extends AnyRouter>(options: TrpcModuleAsyncOptions<TRouter>): DynamicModule {
    const { context, imports, inject = [], useFactory } = options;
    return TrpcModule.build(context, imports, { provide: TRPC_MODULE_OPTIONS, inject, useFactory });
  }

  private static build(
    context: Type<TrpcContextFactory>,
    imports: ModuleMetadata['imports'],
    optionsProvider: Provider,
  ): DynamicModule {
    return {
      module: TrpcModule,
      imports: imports ?? [],
      providers: [
        optionsProvider,
        context,
        { provide: TRPC_CONTEXT_FACTORY, useExisting: context },
        AdmissionGate,
        TrpcMiddleware,
      ],
      // The gate, for the host's shutdown (drain) and metrics (inFlight, queued).
      exports: [TRPC_MODULE_OPTIONS, AdmissionGate],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    const prefix = normalizePath(this.options.path);
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() === 'fastify') {
      mountOnFastify(
        adapter.getInstance<FastifyLike>(),
        prefix,
        createTrpcRequestHandler(this.options, this.contextFactory, this.gate),
      );
      return;
    }
    consumer.apply(TrpcMiddleware).forRoutes({ path: `${prefix.slice(1)}/*procedure`, method: RequestMethod.ALL });
  }
}
