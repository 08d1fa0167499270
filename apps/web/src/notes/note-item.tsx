'use client';

import { type FormEvent, useState } from 'react';

import type { Note } from '@stack/contracts';

import { actionsClass, buttonClass, cardClass, fieldClass, fieldErrorClass, labelClass } from '../components/ui/styles';
import { ChangedElsewhere } from './live/changed-elsewhere';
import { NoteByline } from './live/note-byline';
import type { FieldErrors, NoteDraftInput, NotePatchInput, NoteProblem, SaveResult } from './use-note-writes';

/** An open editor: what the person typed, and the note as it was when they started. */
interface Editing {
  base: NoteDraftInput;
  draft: NoteDraftInput;
  /** The version the edit started from: a save names it, so a change made meanwhile is a conflict. */
  version: number;
}

export interface NoteItemProps {
  note: Note;
  /** Who is reading: their own notes never show a missing name as "unknown". */
  viewerId: string | null;
  canManage: boolean;
  problem: NoteProblem | undefined;
  onSave: (id: string, patch: NotePatchInput, version: number) => Promise<SaveResult>;
  /** The Delete button: undoable for a few seconds. */
  onDelete: (note: Note) => void;
  /** "Delete anyway" over a newer version: sent at once, the person just confirmed it. */
  onDeleteAnyway: (note: Note, version: number) => void;
  onDismiss: (id: string) => void;
}

/** One note: read it; with `org:notes:manage` (or in the personal space), edit it inline or delete it. */
export function NoteItem({
  note,
  viewerId,
  canManage,
  problem,
  onSave,
  onDelete,
  onDeleteAnyway,
  onDismiss,
}: NoteItemProps) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const draft = editing?.draft ?? null;
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const conflict = problem?.kind === 'conflict' ? problem.current : null;
  // The live stream brought a newer version while this edit is open (and not this tab's own save).
  const changedElsewhere = editing !== null && !saving && !problem && note.version > editing.version;

  async function save(version: number) {
    if (!editing) return;
    // Only the fields the person changed: saving on top of someone else's version keeps their other edits.
    const patch: NotePatchInput = {};
    if (editing.draft.title !== editing.base.title) patch.title = editing.draft.title;
    if (editing.draft.body !== editing.base.body) patch.body = editing.draft.body;
    if (patch.title === undefined && patch.body === undefined) {
      setEditing(null);
      onDismiss(note.id);
      return;
    }
    setSaving(true);
    setFieldErrors({});
    const result = await onSave(note.id, patch, version);
    setSaving(false);
    if (result.ok) setEditing(null);
    else setFieldErrors(result.fieldErrors);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (editing) void save(editing.version);
  }

  const label = `Note: ${note.title}`;
  return (
    <article className={cardClass('grid gap-3')} aria-label={label} data-testid="note">
      {editing ? (
        <form className="grid gap-4" onSubmit={submit} aria-label={`Edit ${note.title}`}>
          <NoteFields
            draft={editing.draft}
            errors={fieldErrors}
            onChange={(next) => setEditing({ ...editing, draft: next })}
            idPrefix={`edit-${note.id}`}
          />
          <div className={actionsClass}>
            <button type="submit" className={buttonClass()} disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button
              type="button"
              className={buttonClass('secondary')}
              onClick={() => {
                setEditing(null);
                setFieldErrors({});
                onDismiss(note.id);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="grid gap-1.5">
          <h2 className="text-lg font-semibold break-words">{note.title}</h2>
          {note.body && <p className="break-words whitespace-pre-wrap">{note.body}</p>}
        </div>
      )}
      <NoteByline note={note} viewerId={viewerId} />
      {changedElsewhere && (
        <ChangedElsewhere
          latest={note}
          saving={saving}
          onSaveMine={() => void save(note.version)}
          onKeepTheirs={() => {
            setEditing(null);
            setFieldErrors({});
            onDismiss(note.id);
          }}
        />
      )}
      {conflict && (
        <div className="grid gap-2 rounded-lg border border-danger p-3" role="alert">
          <strong>Changed elsewhere.</strong>{' '}
          {problem?.action === 'delete'
            ? 'Someone changed this note before your delete; it is shown as it is now.'
            : `Someone saved this note before you. The latest version (v${conflict.version}):`}
          {problem?.action === 'save' && (
            <blockquote className="border-l-4 border-line pl-3 break-words" data-testid="note-latest">
              <strong>{conflict.title}</strong>
              {conflict.body && <p className="whitespace-pre-wrap">{conflict.body}</p>}
            </blockquote>
          )}
          <div className={actionsClass}>
            {problem?.action === 'save' && draft && (
              <button
                type="button"
                className={buttonClass()}
                onClick={() => void save(conflict.version)}
                disabled={saving}
              >
                Save mine on top
              </button>
            )}
            {problem?.action === 'delete' && (
              <button type="button" className={buttonClass()} onClick={() => onDeleteAnyway(note, conflict.version)}>
                Delete anyway
              </button>
            )}
            <button
              type="button"
              className={buttonClass('secondary')}
              onClick={() => {
                setEditing(null);
                onDismiss(note.id);
              }}
            >
              Keep theirs
            </button>
          </div>
        </div>
      )}
      {problem?.kind === 'error' && (
        <p className={fieldErrorClass} role="alert">
          {problem.message}
        </p>
      )}
      {canManage && !draft && (
        <div className={actionsClass}>
          <button
            type="button"
            className={buttonClass('secondary')}
            onClick={() => {
              onDismiss(note.id);
              const base = { title: note.title, body: note.body };
              setEditing({ base, draft: base, version: note.version });
            }}
          >
            Edit
          </button>
          <button type="button" className={buttonClass('danger')} onClick={() => onDelete(note)}>
            Delete
          </button>
        </div>
      )}
    </article>
  );
}

/** Title and body inputs with the server's field errors next to them (shared by create and edit). */
export function NoteFields({
  draft,
  errors,
  onChange,
  idPrefix,
}: {
  draft: NoteDraftInput;
  errors: FieldErrors;
  onChange: (draft: NoteDraftInput) => void;
  idPrefix: string;
}) {
  const describe = (field: 'title' | 'body') => (errors[field] ? `${idPrefix}-${field}-error` : undefined);
  const error = (field: 'title' | 'body') =>
    errors[field] && (
      <span id={`${idPrefix}-${field}-error`} className={fieldErrorClass} role="alert">
        {errors[field].join(' ')}
      </span>
    );
  return (
    <>
      <label className={labelClass}>
        <span>Title</span>
        <input
          className={fieldClass}
          name="title"
          value={draft.title}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describe('title')}
          onChange={(e) => onChange({ ...draft, title: e.target.value })}
        />
        {error('title')}
      </label>
      <label className={labelClass}>
        <span>Body</span>
        <textarea
          className={fieldClass}
          name="body"
          rows={3}
          value={draft.body}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={describe('body')}
          onChange={(e) => onChange({ ...draft, body: e.target.value })}
        />
        {error('body')}
      </label>
    </>
  );
}
