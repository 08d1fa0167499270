import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';

import type { OpenDatabase } from '@stack/db';

import { DATABASE } from './db.tokens.js';

/** Closes the pool (or PGlite, releasing its lock file) when the app shuts down. */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: OpenDatabase) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}
