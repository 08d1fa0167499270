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
import { assertWriterLive } from './live-writer.js';
import { NoteAuthors } from './note-authors.js';
import { decodeNoteCursor, encodeNoteCursor, isNoteId } from './note-cursor.js';
import { createNote, deleteIfVersion, type NoteRow, selectOne, selectPage, updateIfVersion } from './note-queries.js';

function toNote(row: NoteRow): Note {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    orgId: row.orgId,
    author: { id: row.authorId, name: row.authorName, imageUrl: row.authorImage },
    version: row.version,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

const notFound = (id: string) => new NotFoundError('Note', id);

/**
 * NoteService over the database (PostgreSQL or PGlite). Every write runs in a transaction that
 * first checks its writer (and organization) live, so none outlives a deletion it races.
 */
export class DrizzleNoteService implements NoteService {
  private readonly authors: NoteAuthors;

  constructor(
    private readonly db: Database,
    directory: UserDirectory,
  ) {
    this.authors = new NoteAuthors(db, directory);
  }

  list(scope: NoteScope, page: { cursor: string | null; limit: number }): Promise<NotePage> {
    return reportingOutages(async () => {
      const after = page.cursor === null ? null : decodeNoteCursor(page.cursor);
      // One more than asked tells whether another page follows, in the same statement.
      const rows = await selectPage(this.db, scope, after, page.limit + 1);
      const items = rows.slice(0, page.limit).map(toNote);
      const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
      return { items, nextCursor: last ? encodeNoteCursor(last) : null };
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
      await this.authors.ensure(authorId);
      return toNote(await createNote(this.db, scope, authorId, draft));
    });
  }

  update(scope: NoteScope, id: string, version: number, patch: NotePatch): Promise<Note> {
    if (!isNoteId(id)) return Promise.reject(notFound(id));
    return reportingOutages(() =>
      this.db.transaction(async (tx) => {
        await assertWriterLive(tx, scope);
        const written = await updateIfVersion(tx, scope, id, version, patch);
        // Ours until commit (row lock on PostgreSQL, one session on PGlite), so this is what we wrote.
        const row = await selectOne(tx, scope, id);
        if (!row) throw notFound(id);
        if (!written) throw new ConflictError('Note changed elsewhere', toNote(row));
        return toNote(row);
      }),
    );
  }

  delete(scope: NoteScope, id: string, version: number): Promise<{ id: string }> {
    if (!isNoteId(id)) return Promise.reject(notFound(id));
    return reportingOutages(() =>
      this.db.transaction(async (tx) => {
        await assertWriterLive(tx, scope);
        if (await deleteIfVersion(tx, scope, id, version)) return { id };
        const row = await selectOne(tx, scope, id);
        if (!row) throw notFound(id);
        throw new ConflictError('Note changed elsewhere', toNote(row));
      }),
    );
  }
}
