import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';

import { TrpcModule } from '@stack/nest-trpc';

import { AuthGuard } from './auth/auth.guard.js';
import { IdentityModule } from './auth/identity.module.js';
import { ClerkModule } from './clerk/clerk.module.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DbModule } from './db/db.module.js';
import { HealthModule } from './health/health.module.js';
import { ServiceErrorsFilter } from './http/service-errors.filter.js';
import { UnexpectedErrorsFilter } from './http/unexpected-errors.filter.js';
import { LiveModule } from './live/live.module.js';
import type { Logger } from './logging/create-logger.js';
import { APP_LOGGER, LoggingModule } from './logging/logging.module.js';
import { METRICS, type Metrics } from './metrics/metrics.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { DefenceLogs } from './observability/defence-logs.js';
import { OrganizationController } from './organization/organization.controller.js';
import { ProfileController } from './profile/profile.controller.js';
import { RateLimitGuard } from './rate-limit/rate-limit.guard.js';
import { RateLimitModule } from './rate-limit/rate-limit.module.js';
import { TrpcAdmission } from './rate-limit/trpc-admission.js';
import { AdmissionMetrics } from './trpc/admission-metrics.js';
import { AppContextFactory } from './trpc/app-context.factory.js';
import { ProcedureTelemetry } from './trpc/procedure-telemetry.js';
import { admissionOptions, trpcOptions } from './trpc/trpc-options.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
export class AppModule {
  /** `logger`: the one main.ts gives Nest too; without it (tests) one is made from the config. */
  static forRoot(config: AppConfig, logger?: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, logger),
        MetricsModule,
        ClerkModule,
        DbModule,
        HealthModule,
        IdentityModule,
        LiveModule,
        RateLimitModule,
        TrpcModule.forRootAsync({
          context: AppContextFactory,
          imports: [IdentityModule, DbModule, RateLimitModule, LiveModule],
          inject: [APP_LOGGER, ProcedureTelemetry, APP_CONFIG, METRICS, DefenceLogs, TrpcAdmission],
          useFactory: (
            logger: Logger,
            telemetry: ProcedureTelemetry,
            appConfig: AppConfig,
            metrics: Metrics,
            defences: DefenceLogs,
            admission: TrpcAdmission,
          ) => ({
            ...trpcOptions(logger, telemetry, admissionOptions(appConfig.admission, logger, metrics), defences),
            sse: { pingMs: appConfig.streams.pingMs, reconnectDelayMs: appConfig.streams.reconnectMs },
            // Rate limits are decided before the router and before the admission gate's queue: a
            // refused call never waits for a slot.
            beforeHandle: admission.beforeHandle,
          }),
        }),
        WebhooksModule,
      ],
      controllers: [ProfileController, OrganizationController],
      providers: [
        // Filters: the last registered is asked first, so the specific one goes last.
        { provide: APP_FILTER, useClass: UnexpectedErrorsFilter },
        { provide: APP_FILTER, useClass: ServiceErrorsFilter },
        // Guards run in this order: rate limits first (over the limit: 429 whoever calls), then
        // every REST route requires a session unless it is @Public().
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
        AdmissionMetrics,
      ],
    };
  }
}
