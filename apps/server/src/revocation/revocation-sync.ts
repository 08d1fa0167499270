import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

import { RevocationList } from '@stack/clerk-auth';
import type { RevocationFact } from '@stack/contracts';
import { loadRevocationFacts, type Mirror, type OpenDatabase } from '@stack/db';

import { INSTANCE_ID } from '../changes/instance-id.js';
import { DATABASE, MIRROR } from '../db/db.tokens.js';

/** Ended sessions and membership changes are remembered this long (see RevocationList). */
export const REVOCATION_RETENTION_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;
const RELOAD_RETRY_MS = 2_000;

const logger = new Logger('Revocations');

/**
 * Keeps this instance's RevocationList in step with the webhook mirror: what this process's own
 * mirror writes commit is applied at once (before the webhook is answered), what other instances
 * commit arrives over the change bus, and the whole list is reloaded from the mirror's tables at
 * boot and after every reconnect of the bus (changes sent while it was down are gone). Facts that
 * arrive during a reload are applied again after it.
 */
@Injectable()
export class RevocationSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly stopFeed: () => void;
  private readonly stopMirror: () => void;
  private readonly pruner: NodeJS.Timeout;
  private reloading: RevocationFact[] | null = null;
  private reloadAgain = false;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    @Inject(DATABASE) private readonly database: OpenDatabase,
    @Inject(MIRROR) mirror: Mirror,
    @Inject(RevocationList) private readonly list: RevocationList,
  ) {
    this.stopMirror = mirror.onCommit((change) => change.revocations.forEach((fact) => this.apply(fact)));
    this.stopFeed = database.changes.subscribe({
      onChange: (change) => {
        // This process applied its own when they committed.
        if (change.kind === 'revocation' && change.origin !== INSTANCE_ID) this.apply(change.fact);
      },
      onResync: () => void this.reload(),
    });
    this.pruner = setInterval(() => list.prune(), PRUNE_EVERY_MS);
    this.pruner.unref();
  }

  /** Serving starts only once the mirror's revocations are in memory. */
  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
  }

  onApplicationShutdown(): void {
    this.closed = true;
    this.stopFeed();
    this.stopMirror();
    clearInterval(this.pruner);
    if (this.retry) clearTimeout(this.retry);
  }

  private apply(fact: RevocationFact): void {
    this.reloading?.push(fact);
    this.list.apply(fact);
  }

  private async reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return;
    }
    this.reloading = [];
    try {
      const facts = await loadRevocationFacts(this.database.db, new Date(Date.now() - REVOCATION_RETENTION_MS));
      this.list.reset([...facts, ...this.reloading]);
    } catch (error) {
      // Keep what is known; try again (an outage: the bus reconnecting will also ask again).
      logger.warn({ msg: 'revocations not reloaded', err: error });
      if (!this.closed && !this.retry) {
        this.retry = setTimeout(() => {
          this.retry = null;
          void this.reload();
        }, RELOAD_RETRY_MS);
        this.retry.unref();
      }
    } finally {
      this.reloading = null;
    }
    if (this.reloadAgain) {
      this.reloadAgain = false;
      await this.reload();
    }
  }
}
