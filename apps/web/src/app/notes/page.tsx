import '../../notes/notes.css';

import { auth } from '@clerk/nextjs/server';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { NOTES_LIST_INPUT } from '../../notes/notes-cache';
import { NotesScreen } from '../../notes/notes-screen';
import { HydrateClient, trpc } from '../../trpc/server';

export const metadata: Metadata = { title: 'Notes · stack' };

/**
 * The first page of the active scope's notes is fetched here with the user's token (its active
 * organization decides the scope) and hydrated, so the first HTML shows the notes and the browser
 * does not ask again.
 */
export default async function NotesPage() {
  const { userId, orgId, orgSlug, has } = await auth();
  if (!userId) redirect('/sign-in?redirect_url=%2Fnotes');
  await trpc.note.list.prefetchInfinite(NOTES_LIST_INPUT);
  const serverAccess = {
    orgId: orgId ?? null,
    orgSlug: orgSlug ?? null,
    canManage: !orgId || has({ permission: 'org:notes:manage' }),
  };
  return (
    <HydrateClient>
      <NotesScreen serverAccess={serverAccess} />
    </HydrateClient>
  );
}
