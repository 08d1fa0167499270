import type { NoteScope } from '@stack/contracts';

import type { ChangeFeed } from '../changes/change-feed.js';
import type { Database } from '../database.js';
import { NoteEventHub } from './note-event-hub.js';
import { NoteEventStream } from './note-event-stream.js';
import { scopeKey } from './scope-key.js';

/** Live streams of the notes outbox on one instance: one hub, any number of streams. */
export class NoteEventStreams {
  private readonly hub: NoteEventHub;

  constructor(
    private readonly db: Database,
    feed: ChangeFeed,
    private readonly queueLimit: number,
  ) {
    this.hub = new NoteEventHub(db, feed);
  }

  /**
   * `scope`'s changes after `lastEventId`, or from now on: resolves once the scope is followed, so
   * every change committed after that is delivered (see NoteEventStream).
   */
  open(
    scope: NoteScope,
    lastEventId: string | null,
    signal: AbortSignal,
    onClose?: () => void,
  ): Promise<NoteEventStream> {
    return NoteEventStream.open(this.hub, this.db, scopeKey(scope), lastEventId, {
      queueLimit: this.queueLimit,
      signal,
      ...(onClose ? { onClose } : {}),
    });
  }

  /** Scopes with open streams on this instance. */
  followedScopes(): number {
    return this.hub.followedScopes();
  }

  close(): void {
    this.hub.close();
  }
}
