'use client';

import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { getQueryKey } from '@trpc/react-query';

import { api } from '../trpc/react';

/** The scope each query client's notes were loaded for (one browser client; one per test). */
const loadedScope = new WeakMap<QueryClient, string>();

/** `org:<id>` or `personal`: whose notes the caller sees, as the session token says. */
export const notesScopeKey = (orgId: string | null) => (orgId ? `org:${orgId}` : 'personal');

/**
 * Drops every cached note query the moment the active scope differs from the one they were loaded
 * for, *before* the list reads the cache in this render: the note queries' keys do not name the
 * organization (the contract's input has no such field; the token decides), so without this a
 * switch would first paint the old organization's notes. Idempotent, so safe during render.
 */
export function useNotesScope(orgId: string | null): string {
  const queryClient = useQueryClient();
  const scope = notesScopeKey(orgId);
  const previous = loadedScope.get(queryClient);
  if (previous !== scope) {
    // The first scope seen keeps what the server prefetched for it.
    if (previous !== undefined) queryClient.removeQueries({ queryKey: getQueryKey(api.note) });
    loadedScope.set(queryClient, scope);
  }
  return scope;
}
