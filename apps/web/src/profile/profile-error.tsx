'use client';

import { LoadError } from '../components/load-error';
import { ServerLoadError } from '../components/server-load-error';

/** Why the profile cannot be shown, and what the person can do about it. */
export function ProfileError(props: { error: unknown; onRetry: () => void; retrying: boolean }) {
  return <LoadError {...props} returnTo="/profile" subject="Your profile" />;
}

/** The same, when the server's prefetch already failed (first HTML). */
export function ProfileUnavailable({ httpStatus }: { httpStatus: number }) {
  return <ServerLoadError httpStatus={httpStatus} returnTo="/profile" subject="Your profile" />;
}
