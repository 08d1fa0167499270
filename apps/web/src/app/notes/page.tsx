import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { PageHeader } from '../../components/page-header';
import { NOTES_LIST_INPUT } from '../../notes/notes-cache';
import { NotesUnavailable } from '../../notes/notes-error';
import { NotesScreen } from '../../notes/notes-screen';
import { notesTitle } from '../../notes/notes-title';
import { serverScope } from '../../organization/server-scope';
import { HydrateClient, prefetchFailure, trpc } from '../../trpc/server';

export const metadata: Metadata = { title: 'Notes' };

/**
 * The first page of the active scope's notes is fetched here with the user's token (its active
 * organization decides the scope) and hydrated, so the first HTML shows the notes and the browser
 * does not ask again. If that fetch fails or passes its deadline (API_TIMEOUT_MS), the first HTML
 * says so, as /profile does, rather than leaving the browser to try again on its own deadline.
 */
export default async function NotesPage() {
  const [scope] = await Promise.all([serverScope(), trpc.note.list.prefetchInfinite(NOTES_LIST_INPUT)]);
  if (!scope.userId) redirect('/sign-in?redirect_url=%2Fnotes');
  const failure = prefetchFailure('note.list');
  if (failure !== null) {
    return (
      <>
        <PageHeader title={notesTitle(scope.orgId, scope.orgName)} />
        <NotesUnavailable httpStatus={failure} />
      </>
    );
  }
  return (
    <HydrateClient>
      <NotesScreen serverScope={scope} />
    </HydrateClient>
  );
}
