'use client';

import Link from 'next/link';

import { LoadError } from '../components/load-error';
import { ServerLoadError } from '../components/server-load-error';
import { buttonClass, cardClass } from '../components/ui/styles';
import { NOTES_LIST_INPUT } from '../notes/notes-cache';
import { useNotesScope } from '../notes/notes-scope';
import { NotesSkeleton } from '../notes/notes-skeleton';
import { TimeAgo } from '../time/time-ago';
import { api } from '../trpc/react';

const SHOWN = 5;

/**
 * The newest notes of the active scope: the first page of the notes list, the very query (and
 * cache entry) /notes shows, so opening the notes after this needs no request.
 */
export function RecentNotes({
  orgId,
  canManage,
  serverFailure,
}: {
  orgId: string | null;
  canManage: boolean;
  /** The server's prefetch failed with this status: say so at once rather than try again here. */
  serverFailure: number | null;
}) {
  useNotesScope(orgId);
  const list = api.note.list.useInfiniteQuery(NOTES_LIST_INPUT, {
    getNextPageParam: (page) => page.nextCursor,
    enabled: serverFailure === null,
  });
  const body = () => {
    if (serverFailure !== null) return <ServerLoadError httpStatus={serverFailure} returnTo="/" subject="The notes" />;
    if (list.isPending) return <NotesSkeleton count={2} />;
    if (list.isError)
      return (
        <LoadError
          error={list.error}
          onRetry={() => void list.refetch()}
          retrying={list.isFetching}
          returnTo="/"
          subject="The notes"
        />
      );
    const notes = list.data.pages
      .flatMap((page) => page.items)
      .filter((note) => note.orgId === orgId)
      .slice(0, SHOWN);
    if (notes.length === 0) return <p className="text-muted">No notes yet.</p>;
    return (
      <ul className="grid divide-y divide-line" role="list" data-testid="recent-notes">
        {notes.map((note) => (
          <li key={note.id} className="flex min-w-0 items-baseline justify-between gap-3 py-2.5">
            <span className="min-w-0 truncate font-medium">{note.title}</span>
            <span className="shrink-0 text-sm text-muted">
              <TimeAgo ms={note.updatedAt} />
            </span>
          </li>
        ))}
      </ul>
    );
  };
  return (
    <section className={cardClass('grid gap-3')} aria-labelledby="recent-notes-title">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="recent-notes-title" className="text-lg font-semibold">
          Recent notes
        </h2>
        <div className="flex gap-2">
          {canManage && (
            <Link href="/notes#new-note" className={buttonClass('secondary', 'min-h-9 px-3')}>
              Write a note
            </Link>
          )}
          <Link href="/notes" className={buttonClass('ghost', 'min-h-9 px-3')}>
            All notes
          </Link>
        </div>
      </div>
      {body()}
    </section>
  );
}
