import { Module } from '@nestjs/common';

import { ClerkModule } from '../clerk/clerk.module.js';
import { DatabaseModule } from '../db/database.module.js';
import { HealthController } from './health.controller.js';
import { Readiness } from './readiness.js';

/** `GET /health` (liveness) and `GET /health/ready` (readiness); main.ts flips readiness on SIGTERM. */
@Module({
  imports: [DatabaseModule, ClerkModule],
  controllers: [HealthController],
  providers: [Readiness],
  exports: [Readiness],
})
export class HealthModule {}
