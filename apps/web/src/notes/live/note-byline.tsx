'use client';

import type { Note } from '@stack/contracts';

import { TimeAgo } from '../../time/time-ago';

/** The author's name; for a nameless author, "You" on one's own notes. */
function authorName(note: Note, viewerId: string | null): string {
  if (note.author.name) return note.author.name;
  return note.author.id === viewerId ? 'You' : 'Unnamed member';
}

/**
 * Who wrote the note and who last edited it, and when, in the reader's language and time:
 * "Ada Lovelace · edited by Grace Hopper, 2 minutes ago".
 */
export function NoteByline({ note, viewerId }: { note: Note; viewerId: string | null }) {
  return (
    <p className="text-sm text-muted" data-testid="note-byline">
      {authorName(note, viewerId)} · {note.editedBy && <>edited by {note.editedBy.name ?? 'a former member'}, </>}
      <TimeAgo ms={note.updatedAt} />
    </p>
  );
}
