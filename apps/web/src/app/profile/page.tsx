import { auth } from '@clerk/nextjs/server';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';

import { ProfileUnavailable } from '../../profile/profile-error';
import { ProfileView } from '../../profile/profile-view';
import { HydrateClient, prefetchFailure, trpc } from '../../trpc/server';

export const metadata: Metadata = { title: 'Profile' };

/**
 * Prefetched on the server with the user's token, so the first HTML already shows the profile and
 * the browser does not ask again; the client component takes over from the hydrated cache.
 */
export default async function ProfilePage() {
  const { userId } = await auth();
  if (!userId) redirect('/sign-in?redirect_url=%2Fprofile'); // the proxy already guards; belt and braces
  await trpc.profile.me.prefetch(); // bounded by the server client's deadline (API_TIMEOUT_MS)
  const failure = prefetchFailure('profile.me');
  if (failure !== null) return <ProfileUnavailable httpStatus={failure} />;
  return (
    <HydrateClient>
      <ProfileView />
    </HydrateClient>
  );
}
