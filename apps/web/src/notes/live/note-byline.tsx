'use client';

import type { Note } from '@stack/contracts';

import { noteTime } from '../note-time';
import { relativeTime } from './relative-time';
import { useNow } from './use-now';

/**
 * Who wrote the note and who last edited it, and when, in the reader's language and time:
 * "Ada Lovelace · edited by Grace Hopper, 2 min. ago". The first render (server, hydration) shows
 * the time in UTC, as the server can; the browser then puts its own relative time in place.
 */
export function NoteByline({ note }: { note: Note }) {
  const now = useNow();
  const when = now === null ? noteTime(note.updatedAt) : relativeTime(note.updatedAt, now);
  const author = note.author.name ?? 'Unknown author';
  return (
    <p className="note-meta" data-testid="note-byline">
      {author} · {note.editedBy && <>edited by {note.editedBy.name ?? 'a former member'}, </>}
      <time dateTime={new Date(note.updatedAt).toISOString()} title={new Date(note.updatedAt).toString()}>
        {when}
      </time>
    </p>
  );
}
