import type { PGlite } from '@electric-sql/pglite';

import { CHANGE_CHANNEL, decodeChange } from './change.js';
import { type ChangeFeed, type ChangeFeedHealth, type ChangeSubscriber, Subscribers } from './change-feed.js';

/**
 * The embedded database is one process, so there is nothing to reconnect: PGlite's in-process
 * LISTEN gives the same semantics as PostgreSQL (delivered at commit, never for a rollback), so
 * `publish` is the same call on both drivers.
 */
export class PgliteChangeFeed implements ChangeFeed {
  private readonly subscribers = new Subscribers();
  private unlisten: (() => Promise<void>) | null = null;
  private readonly since = Date.now();

  constructor(private readonly client: PGlite) {}

  async start(): Promise<void> {
    this.unlisten ??= await this.client.listen(CHANGE_CHANNEL, (payload) => {
      const change = decodeChange(payload);
      if (change) this.subscribers.change(change);
    });
  }

  subscribe(subscriber: ChangeSubscriber): () => void {
    return this.subscribers.add(subscriber);
  }

  health(): ChangeFeedHealth {
    return { connected: this.unlisten !== null, since: this.since, connects: this.unlisten ? 1 : 0 };
  }

  async close(): Promise<void> {
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (unlisten && !this.client.closed) await unlisten().catch(() => {});
  }
}
