import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { type OpenDatabase, publish } from '@stack/db';

import { INSTANCE_ID } from '../changes/instance-id.js';
import { DATABASE } from '../db/db.tokens.js';
import { LogSummary } from '../observability/log-summary.js';
import { RATE_LIMITER } from './rate-limit.tokens.js';
import type { RateLimiter } from './rate-limiter.js';
import { UsageExchange } from './usage-exchange.js';

const SWEEP_EVERY_MS = 10_000;
const logger = new Logger('RateLimits');

/**
 * Runs what the limiter needs besides requests: on PostgreSQL the usage exchange with the other
 * instances (on PGlite there is only this process, and the local buckets are the budget), and a
 * sweep of full buckets.
 */
@Injectable()
export class RateLimitUpkeep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly exchange: UsageExchange | null;
  private sweeper: NodeJS.Timeout | null = null;
  private readonly failures = new LogSummary({ what: 'Rate-limit reports not sent', write: (l) => logger.warn(l) });

  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(DATABASE) database: OpenDatabase,
  ) {
    this.exchange =
      database.kind === 'postgres'
        ? new UsageExchange({
            limiter,
            feed: database.changes,
            origin: INSTANCE_ID,
            publish: (change) => publish(database.db, change),
            log: (message) => this.failures.count(message),
          })
        : null;
  }

  onApplicationBootstrap(): void {
    this.exchange?.start();
    this.sweeper = setInterval(() => this.limiter.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    this.exchange?.stop();
    if (this.sweeper) clearInterval(this.sweeper);
    this.failures.flush();
  }
}
