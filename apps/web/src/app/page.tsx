import { auth } from '@clerk/nextjs/server';

import { HomeDashboard } from '../home/home-dashboard';
import { Landing } from '../home/landing';
import { NOTES_LIST_INPUT } from '../notes/notes-cache';
import { serverScope } from '../organization/server-scope';
import { HydrateClient, prefetchFailure, trpc } from '../trpc/server';

/**
 * Signed out: what this is and how to start. Signed in: the person's start page, with their
 * profile and their scope's newest notes fetched here (the same queries /profile and /notes use,
 * so those open from the cache) and their organization's display name.
 */
export default async function HomePage() {
  const { userId } = await auth();
  if (!userId) return <Landing />;
  const [scope] = await Promise.all([
    serverScope(),
    trpc.profile.me.prefetch(),
    trpc.note.list.prefetchInfinite(NOTES_LIST_INPUT),
  ]);
  return (
    <HydrateClient>
      <HomeDashboard
        serverScope={scope}
        failures={{ profile: prefetchFailure('profile.me'), notes: prefetchFailure('note.list') }}
      />
    </HydrateClient>
  );
}
