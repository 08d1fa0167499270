import type { Note, NoteScope } from './notes.js';

/** One committed change of a scope's notes, as `note.changes` streams it. */
export type NoteChange =
  | { kind: 'created'; note: Note }
  | { kind: 'updated'; note: Note }
  | { kind: 'deleted'; id: string; version: number }
  /** The history after the client's last event id is gone (or was never ours): refetch the list. */
  | { kind: 'reset' };

export interface NoteChangeEvent {
  /** Opaque to clients: the last one seen, passed back as `lastEventId`, resumes right after it. */
  id: string;
  change: NoteChange;
}

/** Who holds an open stream: what the per-user limit counts and what revocation matches. */
export interface StreamHolder {
  userId: string;
  sessionId: string;
  /** The active organization the stream was opened in; null on the personal account. */
  orgId: string | null;
}

/**
 * Live changes of a scope's notes. The host implements it (over its database and change bus);
 * the iterable never ends by itself: it ends when `signal` aborts (the client left), or by
 * throwing one of the stream errors in `./stream-errors` (retryable or not).
 */
export interface NoteChangeStreams {
  /**
   * Every change of `scope` committed after `lastEventId` (replayed first, exactly once, then live),
   * or without one every change committed after the returned promise resolves, in commit order.
   * When that history is gone the first event is a `reset`. Rejects with a stream error when the
   * stream cannot be opened (too many for the holder, the instance draining, an outage).
   */
  open(
    scope: NoteScope,
    holder: StreamHolder,
    lastEventId: string | null,
    signal: AbortSignal,
  ): Promise<AsyncIterable<NoteChangeEvent>>;
}
