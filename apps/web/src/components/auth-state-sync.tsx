'use client';

import { useAuth } from '@clerk/nextjs';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';

/**
 * Re-renders the server's part of the page when Clerk in the browser knows better. The proxy saw
 * the request's cookies (e.g. a corrupted `__session`: signed out); clerk-js then recovers the
 * session from its own client and writes a fresh token. Server-rendered content (the page, the
 * prefetched profile) would keep the stale answer until a reload: refresh once per disagreement.
 */
export function AuthStateSync({ serverUserId }: { serverUserId: string | null }) {
  const { isLoaded, userId } = useAuth();
  const router = useRouter();
  const refreshedFor = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!isLoaded) return;
    const clientUserId = userId ?? null;
    if (clientUserId === serverUserId || refreshedFor.current === clientUserId) return;
    refreshedFor.current = clientUserId;
    router.refresh();
  }, [isLoaded, userId, serverUserId, router]);
  return null;
}
