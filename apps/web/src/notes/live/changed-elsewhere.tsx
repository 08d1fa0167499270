'use client';

import type { Note } from '@stack/contracts';

/**
 * Shown on a note being edited here the moment it changes elsewhere (before any save): the version
 * now, and the choice between saving on top of it and keeping it.
 */
export function ChangedElsewhere({
  latest,
  onSaveMine,
  onKeepTheirs,
  saving,
}: {
  latest: Note;
  onSaveMine: () => void;
  onKeepTheirs: () => void;
  saving: boolean;
}) {
  const who = latest.editedBy?.name ?? latest.author.name ?? 'Someone';
  return (
    <div className="note-conflict" role="alert" data-testid="changed-elsewhere">
      <strong>Changed elsewhere.</strong> {who} saved this note while you were editing it. The latest version (v
      {latest.version}):
      <blockquote className="note-latest">
        <strong>{latest.title}</strong>
        {latest.body && <p>{latest.body}</p>}
      </blockquote>
      <div className="actions">
        <button type="button" className="button" onClick={onSaveMine} disabled={saving}>
          Save mine on top
        </button>
        <button type="button" className="button secondary" onClick={onKeepTheirs}>
          Keep theirs
        </button>
      </div>
    </div>
  );
}
