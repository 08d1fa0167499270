import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import type { OpenDatabase } from '@stack/db';

import { METRICS, type Metrics } from '../metrics/metrics.js';
import { DATABASE } from './db.tokens.js';

const logger = new Logger('Database');

/**
 * Starts the change feed once every cache has subscribed (providers are built before bootstrap),
 * and closes the feed and the pool (or PGlite, releasing its lock file) after the HTTP server has
 * drained (Nest closes the server before the shutdown hooks).
 */
@Injectable()
export class DatabaseLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DATABASE) private readonly database: OpenDatabase,
    @Inject(METRICS) metrics: Metrics,
  ) {
    metrics.watchDatabase(database);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.database.changes.start();
    } catch (error) {
      // It keeps retrying; until it connects, caches run on their short TTL.
      logger.warn(`change feed not connected yet: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
