'use client';

import { type FormEvent, useLayoutEffect, useRef, useState } from 'react';

import { actionsClass, buttonClass, cardClass, fieldErrorClass } from '../components/ui/styles';
import { api } from '../trpc/react';
import { NoteFields } from './note-item';
import { NOTES_LIST_INPUT, prependNote } from './notes-cache';
import { writeErrorMessage } from './notes-error';
import type { NoteDraftInput } from './use-note-writes';

const EMPTY: NoteDraftInput = { title: '', body: '' };

const sameDraft = (a: NoteDraftInput, b: NoteDraftInput) => a.title === b.title && a.body === b.body;

/**
 * Creates a note; the server's answer goes on top of the cached list (no refetch). The fields stay
 * editable while it saves: when it is done, they are cleared only if they still hold what was
 * sent, so whatever the person typed meanwhile (the next note, a correction) is kept.
 */
export function NoteCreateForm({ orgId }: { orgId: string | null }) {
  const utils = api.useUtils();
  const [draft, setDraft] = useState(EMPTY);
  const latest = useRef({ orgId, draft });
  useLayoutEffect(() => {
    latest.current = { orgId, draft };
  });
  const create = api.note.create.useMutation({
    onSuccess: (note, input) => {
      // A note created just before a switch of organization belongs to the old list, not this one.
      if (note.orgId !== latest.current.orgId) return;
      utils.note.list.setInfiniteData(NOTES_LIST_INPUT, (data) => prependNote(data, note));
      const sent = { title: input.title, body: input.body ?? '' };
      if (sameDraft(latest.current.draft, sent)) setDraft(EMPTY);
    },
  });
  const fieldErrors = create.error?.data?.zodError?.fieldErrors ?? {};
  const formError = create.error && Object.keys(fieldErrors).length === 0 ? create.error : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ title: draft.title, ...(draft.body ? { body: draft.body } : {}) });
  }

  return (
    <form id="new-note" className={cardClass('grid gap-4')} onSubmit={submit} aria-label="New note">
      <NoteFields draft={draft} errors={fieldErrors} onChange={setDraft} idPrefix="new-note" />
      <div className={actionsClass}>
        <button type="submit" className={buttonClass()} disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add note'}
        </button>
        {formError && (
          <span className={fieldErrorClass} role="alert">
            {writeErrorMessage(formError, 'create')}
          </span>
        )}
      </div>
    </form>
  );
}
