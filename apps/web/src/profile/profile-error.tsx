'use client';

import { LoadError } from '../components/load-error';

/** Why the profile cannot be shown, and what the person can do about it. */
export function ProfileError(props: { error: unknown; onRetry: () => void; retrying: boolean }) {
  return <LoadError {...props} returnTo="/profile" subject="Your profile" />;
}
