import type { Change } from './change.js';

/** What a cache does with the feed: drop one entry, or everything after a gap. */
export interface ChangeSubscriber {
  onChange(change: Change): void;
  /** The feed was (re)connected: changes sent while it was down are lost, so drop the whole cache. */
  onResync(): void;
}

export interface ChangeFeedHealth {
  connected: boolean;
  /** When `connected` last changed (epoch ms). */
  since: number;
  /** Connections made so far (1 after the first; each reconnect adds one). */
  connects: number;
}

/** The receiving side of the change bus (see `publish` for the sending side). */
export interface ChangeFeed {
  /** Starts listening; resolves once the first LISTEN is in place (or rejects if it cannot be). */
  start(): Promise<void>;
  subscribe(subscriber: ChangeSubscriber): () => void;
  health(): ChangeFeedHealth;
  close(): Promise<void>;
}

/** Fans changes out to subscribers; one subscriber throwing never stops the others. */
export class Subscribers {
  private readonly list = new Set<ChangeSubscriber>();

  add(subscriber: ChangeSubscriber): () => void {
    this.list.add(subscriber);
    return () => this.list.delete(subscriber);
  }

  change(change: Change): void {
    for (const s of this.list) safely(() => s.onChange(change));
  }

  resync(): void {
    for (const s of this.list) safely(() => s.onResync());
  }
}

function safely(call: () => void): void {
  try {
    call();
  } catch {
    // A broken subscriber must not break the feed for the others.
  }
}
