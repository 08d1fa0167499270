'use client';

import { type FormEvent, useLayoutEffect, useRef, useState } from 'react';

import { api } from '../trpc/react';
import { NoteFields } from './note-item';
import { NOTES_LIST_INPUT, prependNote } from './notes-cache';
import { writeErrorMessage } from './notes-error';
import type { NoteDraftInput } from './use-note-writes';

const EMPTY: NoteDraftInput = { title: '', body: '' };

/** Creates a note; the server's answer goes on top of the cached list (no refetch). */
export function NoteCreateForm({ orgId }: { orgId: string | null }) {
  const utils = api.useUtils();
  const [draft, setDraft] = useState(EMPTY);
  const scope = useRef(orgId);
  useLayoutEffect(() => {
    scope.current = orgId;
  });
  const create = api.note.create.useMutation({
    onSuccess: (note) => {
      // A note created just before a switch of organization belongs to the old list, not this one.
      if (note.orgId !== scope.current) return;
      utils.note.list.setInfiniteData(NOTES_LIST_INPUT, (data) => prependNote(data, note));
      setDraft(EMPTY);
    },
  });
  const fieldErrors = create.error?.data?.zodError?.fieldErrors ?? {};
  const formError = create.error && Object.keys(fieldErrors).length === 0 ? create.error : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ title: draft.title, ...(draft.body ? { body: draft.body } : {}) });
  }

  return (
    <form className="card form" onSubmit={submit} aria-label="New note">
      <NoteFields draft={draft} errors={fieldErrors} onChange={setDraft} idPrefix="new-note" />
      <div className="actions">
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add note'}
        </button>
        {formError && (
          <span className="field-error" role="alert">
            {writeErrorMessage(formError, 'create')}
          </span>
        )}
      </div>
    </form>
  );
}
