'use client';

import type { Note } from '@stack/contracts';

import { actionsClass, buttonClass } from '../../components/ui/styles';

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
    <div className="grid gap-2 rounded-lg border border-danger p-3" role="alert" data-testid="changed-elsewhere">
      <p>
        <strong>Changed elsewhere.</strong> {who} saved this note while you were editing it. The latest version (v
        {latest.version}):
      </p>
      <blockquote className="border-l-4 border-line pl-3 break-words">
        <strong>{latest.title}</strong>
        {latest.body && <p className="whitespace-pre-wrap">{latest.body}</p>}
      </blockquote>
      <div className={actionsClass}>
        <button type="button" className={buttonClass()} onClick={onSaveMine} disabled={saving}>
          Save mine on top
        </button>
        <button type="button" className={buttonClass('secondary')} onClick={onKeepTheirs}>
          Keep theirs
        </button>
      </div>
    </div>
  );
}
