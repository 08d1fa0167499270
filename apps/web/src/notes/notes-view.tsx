'use client';

import { useMemo } from 'react';

import { api } from '../trpc/react';
import { mergeLive } from './live/live-overlay';
import { LiveStatus } from './live/live-status';
import { useLiveNotes } from './live/use-live-notes';
import { NoteCreateForm } from './note-create-form';
import { NoteItem } from './note-item';
import { NOTES_LIST_INPUT } from './notes-cache';
import { NotesError } from './notes-error';
import { useNotesScope } from './notes-scope';
import { NotesSkeleton } from './notes-skeleton';
import { useNoteWrites } from './use-note-writes';

export interface NotesViewProps {
  /** The active organization, or null for the personal space (as the session token says). */
  orgId: string | null;
  /** Shown in the heading: the organization's slug, or null for the personal space. */
  scopeName: string | null;
  /** Whether to offer writes (`org:notes:manage`, or the personal space). The API enforces it anyway. */
  canManage: boolean;
}

/** The active scope's notes, newest first, with "load more", a create form and inline edits. */
export function NotesView({ orgId, scopeName, canManage }: NotesViewProps) {
  useNotesScope(orgId);
  const list = api.note.list.useInfiniteQuery(NOTES_LIST_INPUT, { getNextPageParam: (page) => page.nextCursor });
  // Live from where the first page stood: every change since, merged over the cached pages.
  const live = useLiveNotes(list.data?.pages[0]?.lastEventId);
  const writes = useNoteWrites(orgId, { started: live.hide, failed: live.unhide });
  const data = useMemo(
    () => list.data && mergeLive(list.data, live.overlay, live.hidden),
    [list.data, live.overlay, live.hidden],
  );

  const heading = (
    <section className="card notes-heading">
      <h1>{orgId ? `Notes of ${scopeName ?? 'this organization'}` : 'Your personal notes'}</h1>
      <LiveStatus live={live} />
      {!canManage && <p data-testid="notes-read-only">You can read these notes; your role cannot change them.</p>}
    </section>
  );

  if (list.isPending) {
    return (
      <>
        {heading}
        <NotesSkeleton />
      </>
    );
  }
  if (list.isError) {
    return (
      <>
        {heading}
        <NotesError error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      </>
    );
  }

  // Belt and braces: nothing from another scope is ever painted, whatever the cache holds.
  const notes = (data ?? list.data).pages.flatMap((page) => page.items).filter((note) => note.orgId === orgId);
  return (
    <>
      {heading}
      {canManage && <NoteCreateForm orgId={orgId} />}
      {notes.length === 0 ? (
        <section className="card notice" data-testid="notes-empty">
          <h2>No notes yet</h2>
          <p>{canManage ? 'Write the first one above.' : 'Nothing has been written here yet.'}</p>
        </section>
      ) : (
        <section className="notes-list" aria-label="Notes">
          {notes.map((note) => (
            <NoteItem
              key={note.id}
              note={note}
              canManage={canManage}
              problem={writes.problems[note.id]}
              onSave={writes.save}
              onDelete={writes.delete}
              onDismiss={writes.dismiss}
            />
          ))}
        </section>
      )}
      {list.isFetchNextPageError && (
        <p className="field-error" role="alert">
          More notes could not be loaded.
        </p>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button secondary"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
