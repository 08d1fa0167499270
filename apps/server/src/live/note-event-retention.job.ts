import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { type OpenDatabase, pruneNoteEvents } from '@stack/db';

import { DATABASE } from '../db/db.tokens.js';

/** How often retention runs; it deletes only what is past both bounds, so a late run loses nothing. */
const EVERY_MS = 10 * 60_000;
/** The first run, once the instance has settled after booting. */
const FIRST_AFTER_MS = 60_000;

const logger = new Logger('NoteEvents');

/**
 * Keeps the notes outbox bounded: events older than 24 hours beyond each scope's last 10,000 are
 * deleted (a client resuming below them gets a `reset`). Every instance runs it; each step is
 * idempotent, so instances racing each other are harmless.
 */
@Injectable()
export class NoteEventRetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(@Inject(DATABASE) private readonly database: OpenDatabase) {}

  onApplicationBootstrap(): void {
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.run().finally(() => schedule(EVERY_MS));
      }, delay);
      this.timer.unref();
    };
    schedule(FIRST_AFTER_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      const deleted = await pruneNoteEvents(this.database.db);
      if (deleted > 0) logger.log(`retention deleted ${deleted} note events`);
    } catch (error) {
      // An outage: the next run catches up.
      logger.warn(`retention failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
