/** Someone who wrote a note, as the API shows them. */
export interface NotePerson {
  id: string;
  name: string | null;
  imageUrl: string | null;
}

/** A note as the API serves it. Timestamps are epoch milliseconds. */
export interface Note {
  id: string;
  title: string;
  body: string;
  /** The organization the note belongs to; null for a personal note. */
  orgId: string | null;
  /** From the local users table; `name` null for a deleted or nameless user. */
  author: NotePerson;
  /** Who saved the last edit (same rules as `author`); null until the note is first edited. */
  editedBy: NotePerson | null;
  /** Starts at 1; every update adds 1. Writes name the version they saw (optimistic concurrency). */
  version: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * Whose notes a call sees: the active organization's, or the caller's personal ones. `userId` is
 * the caller either way (writes check, inside their transaction, that the caller still exists).
 */
export type NoteScope = { kind: 'org'; orgId: string; userId: string } | { kind: 'personal'; userId: string };

export interface NotePage {
  items: Note[];
  /** Opaque; pass it back to get the next (older) page. Null on the last page. */
  nextCursor: string | null;
  /**
   * Where the scope's changes stood when this page was read: `note.changes` with it as
   * `lastEventId` streams every change the page does not show yet, and nothing it does.
   */
  lastEventId: string;
}

export interface NoteDraft {
  title: string;
  body: string;
}

export interface NotePatch {
  title?: string;
  body?: string;
}

/**
 * Where notes live. The host implements it (over the database); failures are reported with the
 * errors in `./errors` (NotFoundError for a note outside the scope, ConflictError for a stale
 * version, InvalidInputError for a tampered cursor, ServiceUnavailableError for an outage).
 */
export interface NoteService {
  /** Newest first (keyset-paginated: concurrent inserts never duplicate or skip an older note). */
  list(scope: NoteScope, page: { cursor: string | null; limit: number }): Promise<NotePage>;
  byId(scope: NoteScope, id: string): Promise<Note>;
  create(scope: NoteScope, authorId: string, draft: NoteDraft): Promise<Note>;
  /** `editorId` becomes the note's `editedBy`. */
  update(scope: NoteScope, id: string, version: number, patch: NotePatch, editorId: string): Promise<Note>;
  delete(scope: NoteScope, id: string, version: number): Promise<{ id: string }>;
}
