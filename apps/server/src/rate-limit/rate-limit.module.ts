import { Module } from '@nestjs/common';

import { IdentityModule } from '../auth/identity.module.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DatabaseModule } from '../db/database.module.js';
import { CallDemands } from './call-demands.js';
import { CallLimits } from './call-limits.js';
import { CallerSlots } from './caller-slots.js';
import { ClientAddress } from './client-address.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { CALL_DEMANDS, CALLER_SLOTS, RATE_LIMITER } from './rate-limit.tokens.js';
import { enabledPolicies } from './rate-limit-policy.js';
import { RateLimitUpkeep } from './rate-limit-upkeep.js';
import { RateLimiter } from './rate-limiter.js';
import { TrpcAdmission } from './trpc-admission.js';

/**
 * The rate limits of every surface, from one policy table (RATE_LIMIT_*_PER_MIN): the limiter and
 * its upkeep, how a request's calls are judged (CallLimits) for tRPC's admission (before the
 * router) and REST's guard alike, and the client address (for
 * anonymous callers and webhook failures); and the bound on one caller's requests in progress.
 */
@Module({
  imports: [IdentityModule, DatabaseModule],
  providers: [
    {
      provide: RATE_LIMITER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new RateLimiter(enabledPolicies(config.rateLimits)),
    },
    {
      provide: CALL_DEMANDS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new CallDemands(enabledPolicies(config.rateLimits)),
    },
    {
      provide: CALLER_SLOTS,
      inject: [APP_CONFIG],
      useFactory: ({ requestsInFlightPerCaller: n }: AppConfig) => (n > 0 ? new CallerSlots(n) : null),
    },
    ClientAddress,
    RateLimitUpkeep,
    CallLimits,
    TrpcAdmission,
    RateLimitGuard,
  ],
  exports: [RATE_LIMITER, CALL_DEMANDS, ClientAddress, TrpcAdmission, RateLimitGuard],
})
export class RateLimitModule {}
