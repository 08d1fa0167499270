import { Inject, Injectable } from '@nestjs/common';

import type { KeySource } from '@stack/clerk-auth';
import { type ChangeFeedHealth, checkDatabase, type OpenDatabase } from '@stack/db';

import { KEY_SOURCE } from '../clerk/auth.providers.js';
import { DATABASE } from '../db/db.tokens.js';
import { METRICS, type Metrics } from '../metrics/metrics.js';

/** What can keep an instance out of rotation, as named in the 503 body. */
type NotReadyReason = 'shutting-down' | 'database' | 'migrations' | 'keys';

export interface ReadinessReport {
  status: 'ready' | 'not-ready';
  notReady: NotReadyReason[];
  checks: {
    database: { ok: boolean; detail?: string };
    keys: { ok: boolean };
    /** Informational: a down feed does not take the instance out (caches fall back to a short TTL). */
    changes: { connected: boolean; since: string };
  };
}

/** Seconds a load balancer (or client) should wait before asking a not-ready instance again. */
export const NOT_READY_RETRY_AFTER_SECONDS = 5;
/** A readiness probe never waits longer than this on the database. */
const DATABASE_CHECK_TIMEOUT_MS = 2_000;

/**
 * Whether this instance should get traffic: the database answers and has this build's migrations,
 * session tokens can be verified (a key set, or CLERK_JWT_KEY), and it is not shutting down.
 */
@Injectable()
export class Readiness {
  private shuttingDown = false;

  constructor(
    @Inject(DATABASE) private readonly database: OpenDatabase,
    @Inject(KEY_SOURCE) private readonly keys: KeySource,
    @Inject(METRICS) metrics: Metrics,
  ) {
    metrics.watchReadiness(async () => (await this.check()).status === 'ready');
  }

  /** From now on every check answers not-ready, so load balancers stop sending new requests. */
  beginShutdown(): void {
    this.shuttingDown = true;
  }

  async check(): Promise<ReadinessReport> {
    const [database, keys] = await Promise.all([
      checkDatabase(this.database.db, DATABASE_CHECK_TIMEOUT_MS),
      this.keys.available().catch(() => false),
    ]);
    const notReady: NotReadyReason[] = [];
    if (this.shuttingDown) notReady.push('shutting-down');
    if (!database.ready) notReady.push(database.reason === 'unreachable' ? 'database' : 'migrations');
    if (!keys) notReady.push('keys');
    const feed: ChangeFeedHealth = this.database.changes.health();
    return {
      status: notReady.length === 0 ? 'ready' : 'not-ready',
      notReady,
      checks: {
        // The driver's message stays in the logs' domain; the body says only what is wrong.
        database: database.ready
          ? { ok: true }
          : { ok: false, detail: database.reason === 'unreachable' ? 'unreachable' : 'migrations pending' },
        keys: { ok: keys },
        changes: { connected: feed.connected, since: new Date(feed.since).toISOString() },
      },
    };
  }
}
