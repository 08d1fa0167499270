import {
  ConflictError,
  type Note,
  type NoteDraft,
  type NotePage,
  type NotePatch,
  type NoteScope,
  type NoteService,
  NotFoundError,
  type UserDirectory,
} from '@stack/contracts';

import type { Database } from '../database.js';
import { reportingOutages } from '../outage.js';
import { NoteAuthors } from './note-authors.js';
import { decodeNoteCursor, encodeNoteCursor, isNoteId } from './note-cursor.js';
import { selectOne, selectPage } from './note-queries.js';
import { createNote, deleteNote, toNote, updateNote } from './note-writes.js';

const notFound = (id: string) => new NotFoundError('Note', id);

/**
 * NoteService over the database (PostgreSQL or PGlite). Every write runs in a transaction that
 * first checks its writer (and organization) live, so none outlives a deletion it races, and
 * records its change in the notes outbox (see note-events/), which `note.changes` streams.
 */
export class DrizzleNoteService implements NoteService {
  private readonly people: NoteAuthors;

  constructor(
    private readonly db: Database,
    directory: UserDirectory,
  ) {
    this.people = new NoteAuthors(db, directory);
  }

  list(scope: NoteScope, page: { cursor: string | null; limit: number }): Promise<NotePage> {
    return reportingOutages(async () => {
      const after = page.cursor === null ? null : decodeNoteCursor(page.cursor);
      // One more than asked tells whether another page follows, in the same statement.
      const { rows, lastEventId } = await selectPage(this.db, scope, after, page.limit + 1);
      const items = rows.slice(0, page.limit).map(toNote);
      const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
      return { items, nextCursor: last ? encodeNoteCursor(last) : null, lastEventId };
    });
  }

  byId(scope: NoteScope, id: string): Promise<Note> {
    if (!isNoteId(id)) return Promise.reject(notFound(id));
    return reportingOutages(async () => {
      const row = await selectOne(this.db, scope, id);
      if (!row) throw notFound(id);
      return toNote(row);
    });
  }

  create(scope: NoteScope, authorId: string, draft: NoteDraft): Promise<Note> {
    return reportingOutages(async () => {
      await this.people.ensure(authorId);
      return this.db.transaction((tx) => createNote(tx, scope, authorId, draft));
    });
  }

  update(scope: NoteScope, id: string, version: number, patch: NotePatch, editorId: string): Promise<Note> {
    if (!isNoteId(id)) return Promise.reject(notFound(id));
    return reportingOutages(async () => {
      await this.people.ensure(editorId);
      return this.db.transaction(async (tx) => {
        const { written, note } = await updateNote(tx, scope, id, version, patch, editorId);
        if (!note) throw notFound(id);
        if (!written) throw new ConflictError('Note changed elsewhere', note);
        return note;
      });
    });
  }

  delete(scope: NoteScope, id: string, version: number): Promise<{ id: string }> {
    if (!isNoteId(id)) return Promise.reject(notFound(id));
    return reportingOutages(() =>
      this.db.transaction(async (tx) => {
        const outcome = await deleteNote(tx, scope, id, version);
        if (outcome.deleted) return { id };
        if (!outcome.current) throw notFound(id);
        throw new ConflictError('Note changed elsewhere', outcome.current);
      }),
    );
  }
}
