import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';

import { TrpcModule } from '@stack/nest-trpc';

import { AuthGuard } from './auth/auth.guard.js';
import { ClerkModule } from './clerk/clerk.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DbModule } from './db/db.module.js';
import { HealthModule } from './health/health.module.js';
import { ServiceErrorsFilter } from './http/service-errors.filter.js';
import { LiveModule } from './live/live.module.js';
import { OrganizationController } from './organization/organization.controller.js';
import { ProfileController } from './profile/profile.controller.js';
import { AppContextFactory } from './trpc/app-context.factory.js';
import { trpcOptions } from './trpc/trpc-options.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClerkModule,
        DbModule,
        HealthModule,
        LiveModule,
        TrpcModule.forRoot({
          ...trpcOptions,
          sse: { pingMs: config.streams.pingMs, reconnectDelayMs: config.streams.reconnectMs },
          context: AppContextFactory,
          imports: [ClerkModule, DbModule, LiveModule],
        }),
        WebhooksModule,
      ],
      controllers: [ProfileController, OrganizationController],
      providers: [
        { provide: APP_FILTER, useClass: ServiceErrorsFilter },
        // Every REST route requires a session unless it is @Public().
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
