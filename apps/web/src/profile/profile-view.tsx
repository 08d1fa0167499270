'use client';

import { api } from '../trpc/react';
import { Avatar } from './avatar';
import { ProfileError } from './profile-error';
import { ProfileForm } from './profile-form';
import { ProfileSkeleton } from './profile-skeleton';

/** The signed-in user's profile, from the NestJS API through tRPC. */
export function ProfileView() {
  const me = api.profile.me.useQuery();
  if (me.isPending) return <ProfileSkeleton />;
  if (me.isError) return <ProfileError error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />;

  const profile = me.data;
  const name = [profile.firstName, profile.lastName].filter(Boolean).join(' ') || 'Unnamed user';
  return (
    <>
      <section className="card profile" aria-label="Profile">
        <Avatar src={profile.imageUrl} name={name} />
        <div>
          <h1 data-testid="profile-name">{name}</h1>
          <p data-testid="profile-email">{profile.email ?? 'No email address'}</p>
        </div>
      </section>
      <ProfileForm profile={profile} />
    </>
  );
}
