import { StreamEndedError } from '@stack/contracts';

import type { ChangeFeed } from '../changes/change-feed.js';
import type { Database } from '../database.js';
import { readScopeEvents, type StoredNoteEvent } from './note-event-reads.js';

/** What a scope's follower is told: new events in order, or that following ended. */
export interface ScopeListener {
  deliver(events: readonly StoredNoteEvent[]): void;
  fail(error: Error): void;
}

/** A listener's place in a followed scope. */
export interface ScopeMembership {
  /** Resolves with the id every later pushed event is above, once the scope is followed. */
  readonly joined: Promise<number>;
  leave(): void;
}

/** Events read per statement; a scope further behind takes several. */
const PAGE = 500;

/**
 * One instance's view of the notes outbox: for each scope with open streams here, the events
 * above the newest one it has seen, read once per announcement on the change bus (however many
 * streams follow the scope) and handed to every follower in id order, which within a scope is
 * commit order. After the bus reconnects (announcements may have been lost while it was down),
 * every followed scope is read again: the outbox, not the bus, is the record, so nothing is lost.
 */
export class NoteEventHub {
  private readonly scopes = new Map<string, FollowedScope>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Database,
    feed: ChangeFeed,
  ) {
    this.unsubscribe = feed.subscribe({
      onChange: (change) => {
        if (change.kind === 'notes') this.scopes.get(change.id)?.poke();
      },
      onResync: () => {
        for (const scope of this.scopes.values()) scope.poke();
      },
    });
  }

  /** Follows scope `key` for `listener` until it leaves (or the scope fails). */
  join(key: string, listener: ScopeListener): ScopeMembership {
    let scope = this.scopes.get(key);
    if (!scope) {
      const created = new FollowedScope(this.db, key, () => {
        if (this.scopes.get(key) === created) this.scopes.delete(key);
      });
      this.scopes.set(key, created);
      scope = created;
    }
    return scope.add(listener);
  }

  /** Scopes followed on this instance (for tests and health). */
  followedScopes(): number {
    return this.scopes.size;
  }

  close(): void {
    this.unsubscribe();
  }
}

/** One followed scope: its followers and the newest event id read for them. */
class FollowedScope {
  private readonly listeners = new Set<ScopeListener>();
  private head = 0;
  private readonly ready: Promise<void>;
  private reading = false;
  private readAgain = false;
  private failed: Error | null = null;

  constructor(
    private readonly db: Database,
    private readonly key: string,
    private readonly detach: () => void,
  ) {
    // Where following starts: what is committed now is history (replayed on request), anything
    // above it is announced and read. Announcements during this read make `poke` read again after.
    this.ready = readScopeEvents(db, key, 0, 0).then(
      ({ head }) => {
        this.head = head;
      },
      (error: unknown) => this.fail(error),
    );
    this.reading = true;
    void this.ready.then(() => this.finishRead());
  }

  add(listener: ScopeListener): ScopeMembership {
    this.listeners.add(listener);
    const joined = this.ready.then(() => {
      if (this.failed) throw this.failed;
      return this.head;
    });
    // A rejected `joined` that nobody awaits must not count as unhandled: fail() told the listener.
    joined.catch(() => {});
    return {
      joined,
      leave: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.detach();
      },
    };
  }

  /** New events may be committed: read them (once more after the current read, if one runs). */
  poke(): void {
    if (this.failed) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    void this.read();
  }

  private async read(): Promise<void> {
    try {
      for (;;) {
        this.readAgain = false;
        const page = await readScopeEvents(this.db, this.key, this.head, PAGE);
        // Retention passed what this instance last read (it fell a day and 10,000 events behind):
        // followers reconnect, and their resume answers `reset`.
        if (page.horizon > this.head) throw new StreamEndedError('unavailable');
        if (page.events.length > 0) {
          this.head = page.events.at(-1)!.seq;
          for (const listener of this.listeners) listener.deliver(page.events);
        }
        if (page.events.length < PAGE && !this.readAgain) break;
      }
    } catch (error) {
      this.fail(error);
      return;
    }
    this.reading = false;
  }

  private finishRead(): void {
    if (this.failed) return;
    this.reading = false;
    if (this.readAgain) this.poke();
  }

  /** The scope cannot be read: every follower's stream ends retryably, and the next join starts afresh. */
  private fail(cause: unknown): void {
    this.failed = cause instanceof StreamEndedError ? cause : new StreamEndedError('unavailable');
    this.detach();
    for (const listener of this.listeners) listener.fail(this.failed);
    this.listeners.clear();
  }
}
