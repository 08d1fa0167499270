'use client';

import { PageHeader } from '../components/page-header';
import { cardClass } from '../components/ui/styles';
import { api } from '../trpc/react';
import { Avatar } from './avatar';
import { displayName, fullName } from './display-name';
import { NamePrompt } from './name-prompt';
import { ProfileError } from './profile-error';
import { ProfileForm } from './profile-form';
import { ProfileSkeleton } from './profile-skeleton';

/** The signed-in user's profile, from the NestJS API through tRPC. */
export function ProfileView() {
  const me = api.profile.me.useQuery();
  if (me.isPending) return <ProfileSkeleton />;
  if (me.isError) return <ProfileError error={me.error} onRetry={() => void me.refetch()} retrying={me.isFetching} />;

  const profile = me.data;
  const name = fullName(profile);
  return (
    <>
      <PageHeader eyebrow="Profile" title="Your profile" />
      <section className={cardClass('flex min-w-0 items-center gap-4')} aria-label="Profile">
        <Avatar src={profile.imageUrl} name={name ?? profile.email ?? ''} />
        <div className="min-w-0">
          <h2 className="truncate text-xl font-semibold" data-testid="profile-name">
            {displayName(profile)}
          </h2>
          <p className="truncate text-muted" data-testid="profile-email">
            {profile.email ?? 'No email address'}
          </p>
        </div>
      </section>
      {!name && <NamePrompt onProfile />}
      <ProfileForm profile={profile} />
    </>
  );
}
