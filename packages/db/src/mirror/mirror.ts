import type { RevocationFact } from '@stack/contracts';

import type { Database, Tx } from '../database.js';
import { reportingOutages } from '../outage.js';
import type { MirrorChange } from './mirror-records.js';

/**
 * Called inside every mirror transaction that changed something, before it commits: the place
 * for a cross-instance notification (`pg_notify` is transactional, so it is sent only if the
 * writes commit).
 */
export type MirrorPublisher = (tx: Tx, change: MirrorChange) => Promise<void>;

/** Collects what one transaction changed. */
export class ChangeSet {
  private readonly users = new Set<string>();
  private readonly orgs = new Set<string>();
  private readonly revocations: RevocationFact[] = [];

  user(id: string): void {
    this.users.add(id);
  }

  org(id: string): void {
    this.orgs.add(id);
  }

  /** Something that ends or changes access before a token expires (a deletion, a membership change). */
  revoke(fact: RevocationFact): void {
    this.revocations.push(fact);
  }

  toChange(): MirrorChange {
    return { users: [...this.users], orgs: [...this.orgs], revocations: [...this.revocations] };
  }
}

const isEmptyChange = (change: MirrorChange) =>
  change.users.length === 0 && change.orgs.length === 0 && change.revocations.length === 0;

/**
 * The one way to write the mirror (webhooks, first loads, profile updates, the sync): one
 * transaction per call, its change published inside it, then reported to in-process listeners
 * (the user cache) once it has committed.
 */
export class Mirror {
  private readonly listeners = new Set<(change: MirrorChange) => void>();

  constructor(
    readonly db: Database,
    private readonly publish?: MirrorPublisher,
  ) {}

  /** Hears every committed change of this process; returns the unsubscribe function. */
  onCommit(listener: (change: MirrorChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * `tellListeners: false` is for a write made on behalf of the in-process cache itself (a first
   * load, an update it then remembers): evicting the very entry being filled would only cost the
   * next request a read. The change is still published.
   */
  async write<T>(
    work: (tx: Tx, changes: ChangeSet) => Promise<T>,
    { tellListeners = true }: { tellListeners?: boolean } = {},
  ): Promise<{ result: T; change: MirrorChange }> {
    let changes = new ChangeSet();
    const result = await reportingOutages(() =>
      this.db.transaction(async (tx) => {
        changes = new ChangeSet();
        const value = await work(tx, changes);
        const change = changes.toChange();
        if (this.publish && !isEmptyChange(change)) await this.publish(tx, change);
        return value;
      }),
    );
    const change = changes.toChange();
    if (tellListeners && !isEmptyChange(change)) for (const listener of this.listeners) listener(change);
    return { result, change };
  }
}
