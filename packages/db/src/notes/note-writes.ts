import type { Note, NoteDraft, NotePatch, NoteScope } from '@stack/contracts';

import type { Tx } from '../database.js';
import { recordNoteChange } from '../note-events/note-event-writes.js';
import { assertWriterLive } from './live-writer.js';
import { deleteIfVersion, insertNote, type NoteRow, selectOne, updateIfVersion } from './note-queries.js';

export function toNote(row: NoteRow): Note {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    orgId: row.orgId,
    author: { id: row.authorId, name: row.authorName, imageUrl: row.authorImage },
    editedBy: row.editedBy === null ? null : { id: row.editedBy, name: row.editorName, imageUrl: row.editorImage },
    version: row.version,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

/**
 * A note's writes, each in its caller's transaction: first the writer (and organization) checked
 * live (see assertWriterLive), then the write with its outbox event: the event exists exactly
 * when the write does. The service wraps them (authors, errors, outages); the bench's floor runs
 * the same ones.
 */
export async function createNote(tx: Tx, scope: NoteScope, authorId: string, draft: NoteDraft): Promise<Note> {
  await assertWriterLive(tx, scope, authorId);
  const orgId = scope.kind === 'org' ? scope.orgId : null;
  const id = await insertNote(tx, { orgId, authorId, title: draft.title, body: draft.body });
  const note = toNote((await selectOne(tx, scope, id))!);
  await recordNoteChange(tx, scope, { kind: 'created', note });
  return note;
}

/** The note as written, or (nothing written) the note as it is now, or null when there is none in scope. */
export async function updateNote(
  tx: Tx,
  scope: NoteScope,
  id: string,
  version: number,
  patch: NotePatch,
  editorId: string,
): Promise<{ written: boolean; note: Note | null }> {
  await assertWriterLive(tx, scope, editorId);
  const written = await updateIfVersion(tx, scope, id, version, patch, editorId);
  // Ours until commit (row lock on PostgreSQL, one session on PGlite), so this is what we wrote.
  const row = await selectOne(tx, scope, id);
  const note = row ? toNote(row) : null;
  if (written && note) await recordNoteChange(tx, scope, { kind: 'updated', note });
  return { written, note };
}

/** True when deleted; otherwise the note as it is now (a newer version), or null when there is none in scope. */
export async function deleteNote(
  tx: Tx,
  scope: NoteScope,
  id: string,
  version: number,
): Promise<{ deleted: true } | { deleted: false; current: Note | null }> {
  await assertWriterLive(tx, scope);
  if (await deleteIfVersion(tx, scope, id, version)) {
    await recordNoteChange(tx, scope, { kind: 'deleted', id, version });
    return { deleted: true };
  }
  const row = await selectOne(tx, scope, id);
  return { deleted: false, current: row ? toNote(row) : null };
}
