'use client';

import { type FormEvent, useState } from 'react';

import type { Note } from '@stack/contracts';

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
  canManage: boolean;
  problem: NoteProblem | undefined;
  onSave: (id: string, patch: NotePatchInput, version: number) => Promise<SaveResult>;
  onDelete: (note: Note, version: number) => void;
  onDismiss: (id: string) => void;
}

/** One note: read it; with `org:notes:manage` (or in the personal space), edit it inline or delete it. */
export function NoteItem({ note, canManage, problem, onSave, onDelete, onDismiss }: NoteItemProps) {
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
    <article className="card note" aria-label={label} data-testid="note">
      {editing ? (
        <form className="form" onSubmit={submit} aria-label={`Edit ${note.title}`}>
          <NoteFields
            draft={editing.draft}
            errors={fieldErrors}
            onChange={(next) => setEditing({ ...editing, draft: next })}
            idPrefix={`edit-${note.id}`}
          />
          <div className="actions">
            <button type="submit" className="button" disabled={saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button
              type="button"
              className="button secondary"
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
        <>
          <h2 className="note-title">{note.title}</h2>
          {note.body && <p className="note-body">{note.body}</p>}
        </>
      )}
      <NoteByline note={note} />
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
        <div className="note-conflict" role="alert">
          <strong>Changed elsewhere.</strong>{' '}
          {problem?.action === 'delete'
            ? 'Someone changed this note before your delete; it is shown as it is now.'
            : `Someone saved this note before you. The latest version (v${conflict.version}):`}
          {problem?.action === 'save' && (
            <blockquote className="note-latest" data-testid="note-latest">
              <strong>{conflict.title}</strong>
              {conflict.body && <p>{conflict.body}</p>}
            </blockquote>
          )}
          <div className="actions">
            {problem?.action === 'save' && draft && (
              <button type="button" className="button" onClick={() => void save(conflict.version)} disabled={saving}>
                Save mine on top
              </button>
            )}
            {problem?.action === 'delete' && (
              <button type="button" className="button" onClick={() => onDelete(note, conflict.version)}>
                Delete anyway
              </button>
            )}
            <button
              type="button"
              className="button secondary"
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
        <p className="field-error" role="alert">
          {problem.message}
        </p>
      )}
      {canManage && !draft && (
        <div className="actions">
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              onDismiss(note.id);
              const base = { title: note.title, body: note.body };
              setEditing({ base, draft: base, version: note.version });
            }}
          >
            Edit
          </button>
          <button type="button" className="button secondary danger" onClick={() => onDelete(note, note.version)}>
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
      <span id={`${idPrefix}-${field}-error`} className="field-error" role="alert">
        {errors[field].join(' ')}
      </span>
    );
  return (
    <>
      <label className="field">
        <span>Title</span>
        <input
          name="title"
          value={draft.title}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describe('title')}
          onChange={(e) => onChange({ ...draft, title: e.target.value })}
        />
        {error('title')}
      </label>
      <label className="field">
        <span>Body</span>
        <textarea
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
