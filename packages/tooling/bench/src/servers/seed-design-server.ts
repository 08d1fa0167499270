// Contender 4, the seed's design: NestJS on Express mounting the same router through tRPC's own
// Node adapter, with a context that verifies the token with Clerk's `verifyToken` and a user
// directory that calls the Backend API's `users.getUser`, on every request, with no cache.
import 'reflect-metadata';

import type { Server } from 'node:http';

import { Controller, Get, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { listenFromEnv } from './listen-from-env.js';
import { SeedClerkModule } from './seed-clerk.module.js';
import { SeedContextFactory } from './seed-context.factory.js';
import { SeedTrpcMiddleware } from './seed-trpc.middleware.js';

@Controller('health')
class HealthController {
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

@Module({
  imports: [SeedClerkModule],
  controllers: [HealthController],
  providers: [SeedContextFactory, SeedTrpcMiddleware],
})
class SeedAppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SeedTrpcMiddleware).forRoutes({ path: 'trpc/*procedure', method: RequestMethod.ALL });
  }
}

const app = await NestFactory.create(SeedAppModule, { bodyParser: false, logger: ['error'] });
await app.init();
listenFromEnv(app.getHttpServer() as Server);
