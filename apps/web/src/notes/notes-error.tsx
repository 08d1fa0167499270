'use client';

import { LoadError } from '../components/load-error';
import { ServerLoadError } from '../components/server-load-error';
import { httpStatusOf } from '../trpc/query-client';
import { rateLimitedMessage } from '../trpc/rate-limited';

const FORBIDDEN = {
  title: 'No access to these notes',
  detail: 'Your role in this organization does not include reading its notes. Ask an admin, or switch organization.',
};

/** Why the notes cannot be shown, and what the person can do about it. */
export function NotesError(props: { error: unknown; onRetry: () => void; retrying: boolean }) {
  return <LoadError {...props} returnTo="/notes" subject="The notes" forbidden={FORBIDDEN} />;
}

/** The same, when the server's prefetch already failed (first HTML, within the server's deadline). */
export function NotesUnavailable({ httpStatus }: { httpStatus: number }) {
  return <ServerLoadError httpStatus={httpStatus} returnTo="/notes" subject="The notes" forbidden={FORBIDDEN} />;
}

/** One line for a failed write, by status: what happened, without internals. */
export function writeErrorMessage(error: unknown, action: 'save' | 'delete' | 'create'): string {
  const limited = rateLimitedMessage(error);
  if (limited) return limited;
  switch (httpStatusOf(error)) {
    case 401:
      return 'Your session has ended; sign in again.';
    case 403:
      return 'You may not change notes here.';
    case 404:
      return 'This note no longer exists.';
    case 0:
    case 503:
      return 'The service is unavailable; try again shortly.';
    default:
      return action === 'delete'
        ? 'Could not delete the note.'
        : action === 'create'
          ? 'Could not create the note.'
          : 'Could not save your changes.';
  }
}
