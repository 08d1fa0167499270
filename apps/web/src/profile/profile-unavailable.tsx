'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

import { ProfileError } from './profile-error';

/**
 * The server's prefetch failed (or passed its deadline): the same "unavailable, retry" state the
 * browser shows, already in the first HTML. Retry renders the page again on the server.
 */
export function ProfileUnavailable({ httpStatus }: { httpStatus: number }) {
  const router = useRouter();
  const [retrying, startRetry] = useTransition();
  return (
    <ProfileError
      error={{ data: { httpStatus } }}
      retrying={retrying}
      onRetry={() => startRetry(() => router.refresh())}
    />
  );
}
