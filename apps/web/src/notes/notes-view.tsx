'use client';

import { useMemo } from 'react';

import { PageHeader } from '../components/page-header';
import { buttonClass, cardClass, fieldErrorClass } from '../components/ui/styles';
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
import { notesTitle } from './notes-title';
import { UndoDeletes } from './undo-deletes';
import { useNoteWrites } from './use-note-writes';
import { useUndoableDeletes } from './use-undoable-deletes';

export interface NotesViewProps {
  /** The active organization, or null for the personal space (as the session token says). */
  orgId: string | null;
  /** Shown in the heading: the organization's display name, or null for the personal space. */
  scopeName: string | null;
  /** Whether to offer writes (`org:notes:manage`, or the personal space). The API enforces it anyway. */
  canManage: boolean;
  /** The signed-in user, to recognise their own notes. */
  viewerId?: string | null;
  /** How long a delete can be undone before it is sent (tests shorten it). */
  undoDeleteMs?: number;
}

/** The active scope's notes, newest first, with "load more", a create form, inline edits and undoable deletes. */
export function NotesView({ orgId, scopeName, canManage, viewerId = null, undoDeleteMs }: NotesViewProps) {
  useNotesScope(orgId);
  const list = api.note.list.useInfiniteQuery(NOTES_LIST_INPUT, { getNextPageParam: (page) => page.nextCursor });
  // Live from where the first page stood: every change since, merged over the cached pages.
  const live = useLiveNotes(list.data?.pages[0]?.lastEventId);
  const writes = useNoteWrites(orgId, { started: live.hide, failed: live.unhide });
  const deletes = useUndoableDeletes(writes.delete, undoDeleteMs);
  const data = useMemo(
    () => list.data && mergeLive(list.data, live.overlay, live.hidden),
    [list.data, live.overlay, live.hidden],
  );

  const heading = (
    <PageHeader
      eyebrow={orgId ? 'Organization notes' : 'Personal space'}
      title={notesTitle(orgId, scopeName)}
      description={
        canManage ? undefined : (
          <span data-testid="notes-read-only">You can read these notes; your role cannot change them.</span>
        )
      }
      actions={<LiveStatus live={live} />}
    />
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

  const hidden = new Set(deletes.pending.map((note) => note.id));
  // Belt and braces: nothing from another scope is ever painted, whatever the cache holds.
  const notes = (data ?? list.data).pages
    .flatMap((page) => page.items)
    .filter((note) => note.orgId === orgId && !hidden.has(note.id));
  return (
    <>
      {heading}
      {canManage && <NoteCreateForm orgId={orgId} />}
      {notes.length === 0 ? (
        <section className={cardClass('grid gap-1 text-center')} data-testid="notes-empty">
          <h2 className="text-lg font-semibold">No notes yet</h2>
          <p className="text-muted">
            {canManage ? 'Write the first one above.' : 'Nothing has been written here yet.'}
          </p>
        </section>
      ) : (
        <section className="grid gap-3" aria-label="Notes">
          {notes.map((note) => (
            <NoteItem
              key={note.id}
              note={note}
              viewerId={viewerId}
              canManage={canManage}
              problem={writes.problems[note.id]}
              onSave={writes.save}
              onDelete={(target) => deletes.schedule(target, target.version)}
              onDeleteAnyway={writes.delete}
              onDismiss={writes.dismiss}
            />
          ))}
        </section>
      )}
      {list.isFetchNextPageError && (
        <p className={fieldErrorClass} role="alert">
          More notes could not be loaded.
        </p>
      )}
      {list.hasNextPage && (
        <div>
          <button
            type="button"
            className={buttonClass('secondary')}
            onClick={() => void list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
      <UndoDeletes pending={deletes.pending} onUndo={deletes.undo} />
    </>
  );
}
