'use client';

import { type ActiveScope, useActiveScope } from '../organization/use-active-scope';
import { notesScopeKey } from './notes-scope';
import { NotesView } from './notes-view';

/**
 * The notes of the active scope, as Clerk's session in the browser says (the server's reading of
 * the same session until clerk-js has loaded). Keyed by scope: a switch of organization also drops
 * the old scope's drafts, pending deletes and error notes along with its cache.
 */
export function NotesScreen({ serverScope }: { serverScope: ActiveScope }) {
  const scope = useActiveScope(serverScope);
  return (
    <NotesView
      key={notesScopeKey(scope.orgId)}
      orgId={scope.orgId}
      scopeName={scope.orgName}
      canManage={scope.canManageNotes}
      viewerId={scope.userId}
    />
  );
}
