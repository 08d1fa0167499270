'use client';

import { useAuth } from '@clerk/nextjs';

import { notesScopeKey } from './notes-scope';
import { NotesView } from './notes-view';

/** The scope as the server saw it in the session token, for the first render. */
export interface NotesAccess {
  orgId: string | null;
  orgSlug: string | null;
  canManage: boolean;
}

/**
 * Reads the active scope and the write permission from Clerk's session. Until clerk-js has loaded
 * (the server render and hydration: the root ClerkProvider is not `dynamic`, so `useAuth` knows
 * nothing there) it uses what the page read from the same session on the server, so the first HTML
 * shows the notes instead of a skeleton. Keyed by scope: a switch of organization also drops the
 * old scope's drafts and error notes along with its cache.
 */
export function NotesScreen({ serverAccess }: { serverAccess: NotesAccess }) {
  const { isLoaded, orgId, orgSlug, has } = useAuth();
  const access: NotesAccess = isLoaded
    ? {
        orgId: orgId ?? null,
        orgSlug: orgSlug ?? null,
        // The personal space is the caller's own: always writable. In an org, the role decides.
        canManage: !orgId || has({ permission: 'org:notes:manage' }),
      }
    : serverAccess;
  return (
    <NotesView
      key={notesScopeKey(access.orgId)}
      orgId={access.orgId}
      scopeName={access.orgSlug}
      canManage={access.canManage}
    />
  );
}
