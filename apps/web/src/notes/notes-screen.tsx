'use client';

import { useAuth } from '@clerk/nextjs';

import { notesScopeKey } from './notes-scope';
import { NotesSkeleton } from './notes-skeleton';
import { NotesView } from './notes-view';

/**
 * Reads the active scope and the write permission from Clerk's session. Keyed by scope, so a switch
 * of organization also drops the old scope's drafts and error notes along with its cache.
 */
export function NotesScreen() {
  const { isLoaded, orgId, orgSlug, has } = useAuth();
  if (!isLoaded) return <NotesSkeleton />;
  const activeOrg = orgId ?? null;
  // The personal space is the caller's own: always writable. In an org, the role decides.
  const canManage = activeOrg === null || has({ permission: 'org:notes:manage' });
  return (
    <NotesView key={notesScopeKey(activeOrg)} orgId={activeOrg} scopeName={orgSlug ?? null} canManage={canManage} />
  );
}
