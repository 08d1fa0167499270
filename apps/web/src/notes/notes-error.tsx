'use client';

import Link from 'next/link';

import { httpStatusOf } from '../trpc/query-client';

/** Why the notes cannot be shown, and what the person can do about it (same style as the profile's). */
export function NotesError({ error, onRetry, retrying }: { error: unknown; onRetry: () => void; retrying: boolean }) {
  const status = httpStatusOf(error);
  if (status === 401) {
    return (
      <section className="card notice" role="alert">
        <h2>Please sign in again</h2>
        <p>Your session has ended.</p>
        <Link className="button" href="/sign-in?redirect_url=%2Fnotes">
          Sign in
        </Link>
      </section>
    );
  }
  if (status === 403) {
    return (
      <section className="card notice" role="alert">
        <h2>No access to these notes</h2>
        <p>Your role in this organization does not include reading its notes. Ask an admin, or switch organization.</p>
      </section>
    );
  }
  const unavailable = status === 503 || status === 0;
  return (
    <section className="card notice" role="alert">
      <h2>{unavailable ? 'The service is unavailable' : 'Something went wrong'}</h2>
      <p>{unavailable ? 'We could not reach the API. This is usually brief.' : 'The notes could not be loaded.'}</p>
      <button type="button" className="button" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </section>
  );
}

/** One line for a failed write, by status: what happened, without internals. */
export function writeErrorMessage(error: unknown, action: 'save' | 'delete' | 'create'): string {
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
